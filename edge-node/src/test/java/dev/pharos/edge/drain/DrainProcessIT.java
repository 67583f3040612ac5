package dev.pharos.edge.drain;

import dev.pharos.edge.testing.Http;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The built jar as OS processes, drained by SIGTERM while a backend in this JVM holds a request: the request is
 * answered, {@code /readyz} turns 503 while the listener still serves, the listener then refuses connections, the
 * process exits 0 within the drain timeout, and the remaining member keeps every route. A second SIGTERM and the
 * drain timeout each end a drain early, with exit status 1.
 */
class DrainProcessIT {

  private static final int CLUSTER_PORT = 5921;
  private static final Duration GRACE = Duration.ofMillis(2000);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final Duration HOLD = Duration.ofSeconds(3);
  private static final Map<String, String> DRAIN_ENV = Map.of(
    "PHAROS_DRAIN_GRACE_MS", Long.toString(GRACE.toMillis()),
    "PHAROS_DRAIN_TIMEOUT_MS", Long.toString(TIMEOUT.toMillis()));
  private static final List<String> PREFIXES = List.of("/a", "/b", "/slow");

  private static Vertx vertx;
  private static HoldingBackend backend;

  @TempDir
  Path dataDir;
  private final List<NodeProcess> nodes = new ArrayList<>();

  @BeforeAll
  static void startBackend() {
    vertx = Vertx.vertx();
    backend = HoldingBackend.start(vertx, HOLD);
  }

  @AfterAll
  static void stopBackend() {
    vertx.close().await();
  }

  @AfterEach
  void killNodes() throws InterruptedException {
    for (NodeProcess node : nodes) {
      node.kill();
    }
  }

  @Test
  void sigtermAnswersTheRequestInFlightThenLeavesTheClusterWithEveryRoute() throws Exception {
    String members = "127.0.0.1:" + CLUSTER_PORT + ",127.0.0.1:" + (CLUSTER_PORT + 1);
    NodeProcess draining = start("drain-1", "drain-it-pair", CLUSTER_PORT, members, DRAIN_ENV);
    NodeProcess staying = start("drain-2", "drain-it-pair", CLUSTER_PORT + 1, members, DRAIN_ENV);
    draining.awaitReady();
    staying.awaitReady();
    putRoutes(draining, PREFIXES);
    JsonObject config = config(staying);

    RawHttp.IdleConnection idle = RawHttp.IdleConnection.open(draining.httpPort(), "/a/idle");
    assertThat(idle.first().status()).isEqualTo(200);
    int heldBefore = backend.held();
    CompletableFuture<RawHttp.Response> inFlight = CompletableFuture.supplyAsync(() ->
      RawHttp.getUntilClosed(draining.httpPort(), "/slow/in-flight", TIMEOUT));
    await().atMost(Duration.ofSeconds(10)).until(() -> backend.held() > heldBefore);

    long signalled = System.nanoTime();
    draining.terminate();

    await().atMost(GRACE).pollInterval(Duration.ofMillis(20)).until(() -> draining.readyStatus() == 503);
    RawHttp.Response duringGrace = RawHttp.getUntilClosed(draining.httpPort(), "/a/during-grace", TIMEOUT);
    assertThat(duringGrace.status()).isEqualTo(200);
    assertThat(duringGrace.header("Connection")).isEqualTo("close");
    assertThat(idle.closedByServer()).as("an idle keep-alive connection stays open through the grace period").isFalse();

    await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() -> !RawHttp.accepts(draining.httpPort()));
    await().atMost(Duration.ofSeconds(2)).until(idle::closedByServer);

    RawHttp.Response answered = inFlight.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(answered.status()).isEqualTo(200);
    assertThat(answered.body()).isEqualTo("backend /slow/in-flight");
    assertThat(answered.header("Connection")).isEqualTo("close");

    assertThat(draining.awaitExit(TIMEOUT)).isEqualTo(DrainOnSignal.EXIT_DRAINED);
    assertThat(Duration.ofNanos(System.nanoTime() - signalled)).isLessThan(TIMEOUT);
    assertThat(draining.log()).contains("drain: not ready", "every request answered", "left the cluster");

    assertThat(staying.readyStatus()).isEqualTo(200);
    assertThat(config(staying)).isEqualTo(config);
    for (String prefix : PREFIXES) {
      HttpResponse<String> response = Http.get(staying.httpPort(), "any.example", prefix + "/after");
      assertThat(response.statusCode()).as(prefix).isEqualTo(200);
      assertThat(response.body()).isEqualTo("backend " + prefix + "/after");
    }
  }

  @Test
  void secondSigtermEndsTheDrainAtOnce() throws Exception {
    NodeProcess node = start("drain-3", "drain-it-twice", CLUSTER_PORT + 2, "",
      Map.of("PHAROS_DRAIN_GRACE_MS", "60000", "PHAROS_DRAIN_TIMEOUT_MS", "120000"));
    node.awaitReady();

    node.terminate();
    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> node.readyStatus() == 503);
    node.terminate();

    assertThat(node.awaitExit(Duration.ofSeconds(10))).isEqualTo(DrainOnSignal.EXIT_CUT_SHORT);
    assertThat(node.log()).contains("again: stopping at once");
  }

  @Test
  void drainTimeoutCutsARequestThatOutlastsIt() throws Exception {
    NodeProcess node = start("drain-4", "drain-it-timeout", CLUSTER_PORT + 3, "",
      Map.of("PHAROS_DRAIN_GRACE_MS", "0", "PHAROS_DRAIN_TIMEOUT_MS", "6000"));
    node.awaitReady();
    putRoutes(node, List.of("/hang"));
    int heldBefore = backend.held();
    CompletableFuture<RawHttp.Response> hanging = CompletableFuture.supplyAsync(() ->
      RawHttp.getUntilClosed(node.httpPort(), "/hang/forever", Duration.ofSeconds(30)));
    await().atMost(Duration.ofSeconds(10)).until(() -> backend.held() > heldBefore);

    node.terminate();

    assertThat(node.awaitExit(Duration.ofSeconds(15))).isEqualTo(DrainOnSignal.EXIT_CUT_SHORT);
    // Cut by whichever closes first when the time is up: the listener's connection (no response) or the upstream
    // client's (a 502 from the edge).
    await().atMost(Duration.ofSeconds(5)).until(hanging::isDone);
    assertThat(hanging).satisfiesAnyOf(
      request -> assertThat(request).isCompletedExceptionally(),
      request -> assertThat(request.join().status()).isEqualTo(502));
    assertThat(node.log()).contains("requests still in flight were cut", "left the cluster");
  }

  private NodeProcess start(String name, String cluster, int clusterPort, String members, Map<String, String> env) {
    NodeProcess node = NodeProcess.start(name, cluster, clusterPort, members, dataDir, env);
    nodes.add(node);
    return node;
  }

  /** An upstream {@code backend} and, for each prefix, a route for any host named after it; waits until applied. */
  private static void putRoutes(NodeProcess node, List<String> prefixes) {
    JsonObject upstream = new JsonObject().put("targets", new JsonArray().add(new JsonObject()
      .put("host", "127.0.0.1").put("port", backend.port())));
    // A member answers writes with 503 until Hazelcast's split-brain protection has seen the cluster form.
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
      assertThat(Http.admin("PUT", node.adminPort(), "/api/v1/upstreams/backend", upstream).statusCode())
        .isIn(200, 201));
    for (String prefix : prefixes) {
      JsonObject route = new JsonObject().put("pathPrefix", prefix).put("upstream", "backend");
      assertThat(Http.admin("PUT", node.adminPort(), "/api/v1/routes/" + prefix.substring(1) + "?wait=applied", route)
        .statusCode()).isEqualTo(201);
    }
  }

  private static JsonObject config(NodeProcess node) {
    HttpResponse<String> response = Http.admin("GET", node.adminPort(), "/api/v1/config", null);
    assertThat(response.statusCode()).isEqualTo(200);
    return new JsonObject(response.body());
  }
}
