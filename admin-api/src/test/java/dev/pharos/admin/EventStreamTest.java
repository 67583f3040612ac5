package dev.pharos.admin;

import dev.pharos.admin.testing.AdminClient;
import dev.pharos.admin.testing.EventStreamClient;
import dev.pharos.admin.testing.EventStreamClient.Event;
import dev.pharos.model.ClusterNames;
import dev.pharos.model.TargetStatus;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /api/v1/events}: authenticated, live, and bounded. */
class EventStreamTest extends AdminApiTestBase {

  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void needsTheToken() {
    assertProblem(client.withToken(null).get("/api/v1/events"), 401);
    assertProblem(client.withToken("wrong").get("/api/v1/events"), 401);
  }

  @Test
  void sendsTheClusterAndTargetHealthAtOnceAndAgainEachInterval() {
    cluster.join("node-a", 0).join("node-b", 0);
    givenUpstream("web", "10.0.0.1:80");
    cluster.applyEverywhere(1);
    int port = deployOnPort(AdminConfig.of("127.0.0.1", 0, TOKEN).withEvents(Duration.ofMillis(100), 4), store);

    try (EventStreamClient events = EventStreamClient.open(vertx, port, TOKEN)) {
      assertThat(events.response().statusCode()).isEqualTo(200);
      assertThat(events.response().getHeader("Content-Type")).isEqualTo(EventStreams.CONTENT_TYPE);
      JsonObject first = events.next("cluster", WAIT).data();
      assertThat(first.getLong("version")).isEqualTo(1);
      assertThat(first.getJsonArray("members")).hasSize(2);
      assertThat(events.next("health", WAIT).data().getJsonArray("upstreams").getJsonObject(0)
        .getJsonArray("targets").getJsonObject(0).getString("state")).isEqualTo("unknown");

      targetHealth.set(Map.of("10.0.0.1:80",
        new TargetStatus("10.0.0.1:80", false, 1, 2, "Connection refused", "node-a", "3 failed probes")));
      cluster.join("node-c", 1);

      events.next(e -> e.name().equals("cluster") && e.data().getJsonArray("members").size() == 3, WAIT);
      events.next(e -> e.name().equals("health") && "unhealthy".equals(e.data().getJsonArray("upstreams")
        .getJsonObject(0).getJsonArray("targets").getJsonObject(0).getString("state")), WAIT);
    }
  }

  @Test
  void passesOnEveryCommittedConfigVersionAtOnce() {
    // A long interval: the config event must not wait for the next tick.
    int port = deployOnPort(AdminConfig.of("127.0.0.1", 0, TOKEN).withEvents(Duration.ofMinutes(10), 4), store);

    try (EventStreamClient events = EventStreamClient.open(vertx, port, TOKEN)) {
      events.next("cluster", WAIT);
      vertx.eventBus().publish(ClusterNames.CONFIG_CHANGED, new JsonObject().put("version", 42));

      Event config = events.next("config", WAIT);
      assertThat(config.data()).isEqualTo(new JsonObject().put("version", 42));
    }
  }

  @Test
  void refusesAStreamBeyondTheLimitAndCountsClosedOnesOut() {
    int port = deployOnPort(AdminConfig.of("127.0.0.1", 0, TOKEN).withEvents(Duration.ofMillis(200), 1), store);
    AdminClient second = new AdminClient(vertx, port, TOKEN);

    try (EventStreamClient events = EventStreamClient.open(vertx, port, TOKEN)) {
      events.next("cluster", WAIT);
      assertProblem(second.get("/api/v1/events"), 429);
    }
    long deadline = System.nanoTime() + WAIT.toNanos();
    // The server learns of the close asynchronously.
    while (true) {
      try (EventStreamClient again = EventStreamClient.open(vertx, port, TOKEN)) {
        if (again.response().statusCode() == 200) {
          again.next("cluster", WAIT);
          return;
        }
      }
      assertThat(System.nanoTime()).as("the closed stream is still counted").isLessThan(deadline);
    }
  }
}
