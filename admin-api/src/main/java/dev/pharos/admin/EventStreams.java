package dev.pharos.admin;

import dev.pharos.model.ClusterNames;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /api/v1/events}: a server-sent event stream (text/event-stream) that keeps the dashboard live. It sends
 * <ul>
 *   <li>{@code cluster}: what {@code GET /api/v1/cluster} answers, at once and then every interval;</li>
 *   <li>{@code health}: what {@code GET /api/v1/health} answers, likewise;</li>
 *   <li>{@code config}: {@code {"version": N}} as soon as a change is committed anywhere in the cluster.</li>
 * </ul>
 * The event bus delivers at most once, so a missed {@code config} event shows as a new {@code version} in the next
 * {@code cluster} event.
 *
 * <p>It sits behind the bearer token like every {@code /api/v1} path. One timer builds each event once and writes it
 * to every open stream; the timer and the event-bus consumer exist only while a stream is open. A client that does not
 * read misses events rather than making the node buffer them.
 */
final class EventStreams {

  static final String CONTENT_TYPE = "text/event-stream; charset=utf-8";

  private final Vertx vertx;
  private final ClusterHandler members;
  private final TargetHealthHandler health;
  private final long intervalMs;
  private final int maxStreams;

  // Touched only on the admin verticle's event loop, where its requests, timer and consumer run.
  private final Set<HttpServerResponse> open = new LinkedHashSet<>();
  private long timer;
  private MessageConsumer<JsonObject> configEvents;

  EventStreams(Vertx vertx, ClusterHandler members, TargetHealthHandler health, AdminConfig config) {
    this.vertx = vertx;
    this.members = members;
    this.health = health;
    this.intervalMs = config.eventsInterval().toMillis();
    this.maxStreams = config.maxEventStreams();
  }

  void open(RoutingContext ctx) {
    if (open.size() >= maxStreams) {
      ctx.fail(new HttpException(429, maxStreams + " event streams are open already, the most this node allows"
        + " (PHAROS_ADMIN_MAX_EVENT_STREAMS)"));
      return;
    }
    HttpServerResponse response = ctx.response()
      .setChunked(true)
      .putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE)
      .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    response.write("retry: " + intervalMs + "\n\n");
    response.closeHandler(v -> close(response));
    response.exceptionHandler(e -> close(response));
    open.add(response);
    if (open.size() == 1) {
      timer = vertx.setPeriodic(intervalMs, id -> sendState(List.copyOf(open)));
      configEvents = vertx.eventBus().<JsonObject>consumer(ClusterNames.CONFIG_CHANGED,
        message -> send(List.copyOf(open), "config",
          new JsonObject().put("version", message.body().getLong("version"))));
    }
    sendState(List.of(response));
  }

  private void close(HttpServerResponse response) {
    if (open.remove(response) && open.isEmpty()) {
      vertx.cancelTimer(timer);
      configEvents.unregister();
    }
  }

  private void sendState(List<HttpServerResponse> to) {
    Future.all(members.members(), health.upstreams()).onSuccess(all -> {
      send(to, "cluster", all.resultAt(0));
      send(to, "health", all.resultAt(1));
    });
  }

  private void send(List<HttpServerResponse> to, String event, JsonObject data) {
    String text = "event: " + event + "\ndata: " + data.encode() + "\n\n";
    for (HttpServerResponse response : to) {
      if (open.contains(response) && !response.writeQueueFull()) {
        response.write(text);
      }
    }
  }
}
