package dev.pharos.edge.metrics;

import dev.pharos.edge.PharosNode;
import dev.pharos.edge.testing.EchoBackend;
import dev.pharos.edge.testing.Http;
import dev.pharos.edge.testing.NodeFixtures;
import dev.pharos.edge.testing.PrometheusSamples;
import dev.pharos.edge.testing.TestSockets;
import dev.pharos.model.Target;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operational series move with what happens to the node: event-loop lag when a loop is held up, target health
 * states and ejections when a probe fails, cluster size when a member leaves, and each member's request rate in
 * {@code GET /api/v1/cluster}. Two real members on 127.0.0.1.
 */
class OperationsMetricsIT {

  private static final String CLUSTER = "operations-metrics-it";
  private static final int BASE_PORT = 6520;
  private static final Duration LIMIT = Duration.ofSeconds(30);

  @TempDir
  static Path dataDir;
  static Vertx clientVertx;
  static EchoBackend backend;
  static List<PharosNode> nodes;

  @BeforeAll
  static void start() {
    clientVertx = Vertx.vertx();
    backend = EchoBackend.start(clientVertx, "backend");
    nodes = new ArrayList<>(NodeFixtures.startCluster(CLUSTER, BASE_PORT, 2, dataDir));
  }

  @AfterAll
  static void stop() {
    NodeFixtures.stopAll(nodes);
    NodeFixtures.await(clientVertx.close());
  }

  @Test
  void eventLoopLagShowsALoopHeldUpAndStaysBoundedToOneSeriesPerLoop() throws InterruptedException {
    PharosNode node = nodes.get(0);
    List<EventExecutor> loops = new ArrayList<>();
    ((VertxInternal) node.vertx()).nettyEventLoopGroup().forEach(loops::add);
    PrometheusSamples before = scrape(node);
    assertThat(before.series("pharos_event_loop_lag_seconds")).hasSize(loops.size());
    System.out.println("event-loop lag before, seconds: " + before.series("pharos_event_loop_lag_seconds").stream()
      .map(PrometheusSamples.Sample::value).toList());

    EventExecutor held = loops.get(loops.size() - 1);
    CountDownLatch released = new CountDownLatch(1);
    held.execute(() -> {
      long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(600);
      while (System.nanoTime() < until) {
        Thread.onSpinWait();
      }
      released.countDown();
    });
    assertThat(released.await(10, TimeUnit.SECONDS)).isTrue();

    String heldLoop = Integer.toString(loops.size() - 1);
    await().atMost(LIMIT).untilAsserted(() -> assertThat(scrape(node)
      .value("pharos_event_loop_lag_seconds", Map.of("loop", heldLoop))).isGreaterThan(0.3));
    PrometheusSamples after = scrape(node);
    System.out.println("event-loop lag after holding loop " + heldLoop + " for 600 ms, seconds: "
      + after.series("pharos_event_loop_lag_seconds").stream().map(PrometheusSamples.Sample::value).toList());
    assertThat(after.series("pharos_event_loop_lag_seconds")).hasSize(loops.size());
  }

  @Test
  void targetStatesAndEjectionsFollowTheProbes() {
    PharosNode node = nodes.get(1);
    double ejectionsBefore = scrape(node).value("pharos_target_ejections_total", Map.of());
    Target closed = TestSockets.closedTarget(clientVertx);
    JsonArray targets = new JsonArray()
      .add(new JsonObject().put("host", "127.0.0.1").put("port", backend.port()))
      .add(new JsonObject().put("host", closed.host()).put("port", closed.port()));
    // The closed target is refused at once; the long timeout keeps the live one from flapping on a loaded machine.
    JsonObject healthCheck = new JsonObject().put("path", "/health").put("intervalMs", 1000).put("timeoutMs", 1000)
      .put("unhealthyThreshold", 1);
    assertThat(Http.admin("PUT", nodes.get(0).adminPort(), "/api/v1/upstreams/probed?wait=applied",
      new JsonObject().put("targets", targets).put("healthCheck", healthCheck)).statusCode()).isEqualTo(201);

    await().atMost(LIMIT).untilAsserted(() -> {
      PrometheusSamples metrics = scrape(node);
      assertThat(metrics.value("pharos_targets", Map.of("state", "healthy"))).isEqualTo(1);
      assertThat(metrics.value("pharos_targets", Map.of("state", "unhealthy"))).isEqualTo(1);
      assertThat(metrics.value("pharos_target_ejections_total", Map.of())).isEqualTo(ejectionsBefore + 1);
    });
  }

  @Test
  void eachMemberReportsItsRequestRate() {
    PharosNode node = nodes.get(0);
    assertThat(Http.admin("PUT", node.adminPort(), "/api/v1/upstreams/echo?wait=applied", new JsonObject()
      .put("targets", new JsonArray().add(new JsonObject().put("host", "127.0.0.1").put("port", backend.port()))))
      .statusCode()).isIn(200, 201);
    assertThat(Http.admin("PUT", node.adminPort(), "/api/v1/routes/rated?wait=applied", new JsonObject()
      .put("hosts", new JsonArray().add("rated.example")).put("upstream", "echo")).statusCode()).isIn(200, 201);

    await().atMost(LIMIT).untilAsserted(() -> {
      for (int i = 0; i < 20; i++) {
        assertThat(Http.get(node.httpPort(), "rated.example", "/").statusCode()).isEqualTo(200);
      }
      JsonObject cluster = new JsonObject(Http.admin("GET", nodes.get(1).adminPort(), "/api/v1/cluster", null).body());
      JsonObject member = cluster.getJsonArray("members").stream().map(JsonObject.class::cast)
        .filter(m -> "node-1".equals(m.getString("nodeName"))).findFirst().orElseThrow();
      System.out.println("node-1 request rate as node-2 sees it: " + member.getDouble("requestRate"));
      assertThat(member.getDouble("requestRate")).isPositive();
    });
  }

  @Test
  void clusterSizeFollowsMembersLeaving() {
    await().atMost(LIMIT).untilAsserted(() ->
      assertThat(scrape(nodes.get(0)).value("pharos_cluster_members", Map.of())).isEqualTo(2));
    PharosNode third = NodeFixtures.await(PharosNode.start(NodeFixtures.settings(CLUSTER, BASE_PORT, 2, 3, dataDir,
      Map.of())));
    nodes.add(third);
    await().atMost(LIMIT).untilAsserted(() ->
      assertThat(scrape(nodes.get(0)).value("pharos_cluster_members", Map.of())).isEqualTo(3));

    NodeFixtures.await(third.stop());

    await().atMost(LIMIT).untilAsserted(() ->
      assertThat(scrape(nodes.get(0)).value("pharos_cluster_members", Map.of())).isEqualTo(2));
  }

  private static PrometheusSamples scrape(PharosNode node) {
    return new PrometheusSamples(Http.get(node.adminPort(), "localhost", "/metrics").body());
  }
}
