package dev.pharos.admin.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Reads {@code /api/v1/events} as a browser's stream reader would: chunks of text split into events at blank lines.
 * Blocking methods wait on the test's thread, each with a deadline.
 */
public final class EventStreamClient implements AutoCloseable {

  /** One server-sent event. */
  public record Event(String name, JsonObject data) {
  }

  private final HttpClient http;
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final StringBuilder pending = new StringBuilder();
  private HttpClientResponse response;

  private EventStreamClient(HttpClient http) {
    this.http = http;
  }

  /** Opens a stream; fails the test unless the server answers 200 within a few seconds. */
  public static EventStreamClient open(Vertx vertx, int port, String token) {
    HttpClient http = vertx.createHttpClient(new HttpClientOptions());
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port)
      .setURI("/api/v1/events").putHeader("Authorization", "Bearer " + token);
    EventStreamClient client = new EventStreamClient(http);
    try {
      // The handler is set on the event loop, as the response arrives, so that no chunk goes by unread.
      client.response = http.request(options).compose(request -> request.send())
        .map(response -> response.handler(chunk -> client.parse(chunk.toString())))
        .await(10, TimeUnit.SECONDS);
      return client;
    } catch (Exception e) {
      throw new AssertionError("cannot open the event stream", e);
    }
  }

  public HttpClientResponse response() {
    return response;
  }

  /** The next event that matches, skipping others; fails the test when none comes within {@code timeout}. */
  public Event next(Predicate<Event> wanted, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (true) {
        Event event = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (event == null) {
          throw new AssertionError("no such event within " + timeout);
        }
        if (wanted.test(event)) {
          return event;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  public Event next(String name, Duration timeout) {
    return next(event -> event.name().equals(name), timeout);
  }

  // Runs on the client's event loop only.
  private void parse(String text) {
    pending.append(text);
    int end;
    while ((end = pending.indexOf("\n\n")) >= 0) {
      String block = pending.substring(0, end);
      pending.delete(0, end + 2);
      String name = "message";
      String data = null;
      for (String line : block.split("\n")) {
        if (line.startsWith("event: ")) {
          name = line.substring(7);
        } else if (line.startsWith("data: ")) {
          data = line.substring(6);
        }
      }
      if (data != null) {
        events.add(new Event(name, new JsonObject(data)));
      }
    }
  }

  @Override
  public void close() {
    http.close();
  }
}
