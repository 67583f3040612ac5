package dev.pharos.deploy;

import dev.pharos.deploy.testing.EdgeCluster;
import dev.pharos.deploy.testing.EdgeNode;
import dev.pharos.deploy.testing.Images;
import dev.pharos.deploy.testing.LoadClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Testcontainers;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The cluster's promises on real containers with their own addresses, found through one DNS name ({@code edge}),
 * killed, cut off the network, scaled out and restarted one by one. One cluster serves the five scenarios in order;
 * each leaves three ready nodes behind. The figures each measures are printed as {@code FIGURE} lines.
 * Skipped when there is no Docker engine.
 */
@Testcontainers(disabledWithoutDocker = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EdgeClusterIT {

  private static final Duration CLUSTER_CHANGE = Duration.ofSeconds(90);
  private static final Pattern SERVED_BY = Pattern.compile("(?im)^x-served-by: *(\\S+)");
  private static final Pattern STATUS_LINE = Pattern.compile("(?m)^HTTP/1\\.1 (\\d{3})");
  private static final String CACHED_HOST = "cached.test";
  private static final String CACHED_PATH = "/catalogue";

  private EdgeCluster cluster;
  // Every route a node acknowledged (200 or 201); none may ever be missing afterwards.
  private final Set<String> acknowledged = new LinkedHashSet<>();
  private Duration nodeStart;
  // The body the cluster's cache stored for CACHED_PATH; every later hit, on any node, must serve these bytes.
  private String cachedBody;

  @BeforeAll
  void startCluster() {
    long t0 = System.nanoTime();
    cluster = EdgeCluster.start("pharos-ct", 3, Map.of());
    figure("three nodes started and ready", since(t0));
    assertThat(cluster.putBackendUpstream(cluster.nodes().get(0))).isIn(200, 201);
    assertThat(cluster.putCachedRoute(cluster.nodes().get(0), "cached", CACHED_HOST, Duration.ofHours(1)))
      .isIn(200, 201);
    HttpResponse<String> stored = cluster.get(cluster.node("edge-3"), CACHED_HOST, CACHED_PATH);
    assertThat(stored.headers().firstValue("X-Cache")).as("first request").hasValue("MISS");
    cachedBody = stored.body();
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void routesWrittenThroughOneNodeAreServedByEveryNodeThroughTheDnsName() throws Exception {
    acknowledge(cluster.nodes().get(1), "svc");

    Set<String> servedBy = new LinkedHashSet<>();
    List<String> statuses = new ArrayList<>();
    try (GenericContainer<?> client = new GenericContainer<>(Images.client()).withNetwork(cluster.clusterNetwork())
      .withCommand("sleep", "300")) {
      client.start();
      // Each new connection resolves `edge` again, and Docker's DNS answers the addresses in a new order.
      for (int batch = 0; batch < 10 && servedBy.size() < 3; batch++) {
        String out = client.execInContainer("bash", "-c", """
          for i in 1 2 3 4 5 6 7 8 9 10; do
            exec 3<>/dev/tcp/edge/8080 || exit 1
            printf 'GET / HTTP/1.1\\r\\nHost: svc.test\\r\\nConnection: close\\r\\n\\r\\n' >&3
            tr -d '\\r' <&3 | grep -iE '^(HTTP/1.1 |x-served-by:)'
            exec 3<&-
          done""").getStdout();
        collect(SERVED_BY.matcher(out), servedBy);
        collect(STATUS_LINE.matcher(out), statuses);
      }
    }

    assertThat(servedBy).containsExactlyInAnyOrder("edge-1", "edge-2", "edge-3");
    assertThat(statuses).isNotEmpty().containsOnly("200");
    figure("requests through the name edge until all three nodes answered", statuses.size());
    for (EdgeNode node : cluster.nodes()) {
      assertSharesClusterState(node);
    }
  }

  @Test
  @Order(2)
  void aNodeCutOffKeepsServingItsLastTableRefusesWritesAndConvergesAfterTheHeal() {
    EdgeNode isolated = cluster.node("edge-3");
    EdgeNode first = cluster.node("edge-1");
    EdgeNode second = cluster.node("edge-2");

    cluster.disconnect(isolated);
    await("the majority sees 2 members").atMost(CLUSTER_CHANGE).ignoreExceptions()
      .until(() -> cluster.memberCount(first) == 2 && cluster.memberCount(isolated) == 1);

    acknowledgeEventually(first, "majority-1");
    acknowledgeEventually(second, "majority-2");
    await("the isolated node refuses writes").atMost(CLUSTER_CHANGE).ignoreExceptions()
      .until(() -> cluster.putRoute(isolated, "minority", "minority.test") == 503);
    assertThat(cluster.get(isolated, "svc.test", "/").statusCode()).as("proxying with its last table").isEqualTo(200);
    assertThat(cluster.get(isolated, "majority-1.test", "/").statusCode()).as("not the majority's newer table")
      .isEqualTo(404);

    long healed = System.nanoTime();
    cluster.reconnect(isolated);
    await("the isolated node converges").atMost(Duration.ofMinutes(2)).ignoreExceptions()
      .until(() -> cluster.get(isolated, "majority-2.test", "/").statusCode() == 200
        && cluster.memberCount(first) == 3 && cluster.configVersion(isolated) == cluster.configVersion(first));
    figure("time to converge after the heal", since(healed));

    for (EdgeNode node : cluster.nodes()) {
      assertThat(cluster.routeIds(node)).as(node.name()).containsAll(acknowledged).doesNotContain("minority");
    }
  }

  @Test
  @Order(3)
  void aKilledNodeCostsOnlyTheRequestsOnItAndNoAcknowledgedConfig() throws Exception {
    EdgeNode victim = cluster.node("edge-2");
    // Acknowledged by the node about to die: its backup lives on another member.
    acknowledge(victim, "before-kill");
    double resolveEvery = 0.5;
    double connectTimeout = 3;
    double timeout = 2;

    LoadClient.Result result;
    try (LoadClient load = LoadClient.start(cluster.clusterNetwork(), List.of("--target", "http://edge:8080/",
      "--header", "Host: svc.test", "--rate", "100", "--connections", "4", "--warmup", "2s", "--duration", "14s",
      "--connect-timeout", "3s", "--timeout", "2s", "--resolve-every", "500ms",
      "--at", "4s:echo pharos-test: kill now"),
      "pharos-test: kill now")) {
      load.awaitMarker(Duration.ofMinutes(2));
      cluster.kill(victim);
      result = load.awaitResult(Duration.ofMinutes(2));
    }

    double killAt = result.firstEventAt();
    // A request can fail only if it was on the killed node, or sent to its address before the client resolved
    // `edge` again; the last of those ends by its connect timeout plus its request timeout (plus a second of rounding).
    double settled = killAt + resolveEvery + connectTimeout + timeout + 1;
    figure("requests during the kill run", result.requests());
    figure("errors during the kill run", result.errors() + " " + result.errorsByKind().encode());
    figure("seconds with errors (kill at " + killAt + " s)", result.secondsWithErrors());
    assertThat(result.secondsWithErrors()).allMatch(s -> s >= Math.floor(killAt) && s <= settled);
    assertThat(result.errors()).isLessThanOrEqualTo((long) (100 * (resolveEvery + connectTimeout)));

    await("the survivors drop the dead member").atMost(CLUSTER_CHANGE).ignoreExceptions()
      .until(() -> cluster.memberCount(cluster.node("edge-1")) == 2);
    for (EdgeNode survivor : cluster.nodes()) {
      assertSharesClusterState(survivor);
    }
  }

  @Test
  @Order(4)
  void aNewNodeJoinsThroughTheDnsNameAndServesTheTable() {
    long t0 = System.nanoTime();
    EdgeNode joined = cluster.addNode("edge-4");
    nodeStart = since(t0);
    await("the new node serves every route").atMost(CLUSTER_CHANGE).ignoreExceptions()
      .until(() -> cluster.get(joined, "before-kill.test", "/").statusCode() == 200);
    figure("time for a new node to serve (container start to the table served)", since(t0));

    assertThat(cluster.memberCount(cluster.node("edge-1"))).isEqualTo(3);
    assertSharesClusterState(joined);
  }

  @Test
  @Order(5)
  void aRollingRestartUnderLoadFailsNoRequestOfAClientThatRetriesOnce() throws Exception {
    List<EdgeNode> old = cluster.nodes();
    Duration perNode = (nodeStart == null ? Duration.ofSeconds(40) : nodeStart).plusSeconds(8);
    long runSeconds = Math.min(300, Math.max(60, perNode.multipliedBy(old.size()).toSeconds() * 3 / 2 + 10));

    LoadClient.Result result;
    long restartMillis;
    try (LoadClient load = LoadClient.start(cluster.clusterNetwork(), List.of("--target", "http://edge:8080/",
      "--header", "Host: svc.test", "--rate", "50", "--connections", "4", "--warmup", "2s",
      "--duration", runSeconds + "s", "--timeout", "10s", "--resolve-every", "500ms", "--retries", "1",
      // A stopped node's address answers nothing until the client resolves `edge` again: a connection not made
      // within 1 s is a connection failure, retried on the next address.
      "--connect-timeout", "1s",
      "--at", "1s:echo pharos-test: restart now"), "pharos-test: restart now")) {
      load.awaitMarker(Duration.ofMinutes(2));
      long t0 = System.nanoTime();
      int generation = 5;
      // As a rolling update with one node of surge: the replacement is ready before the old node drains. Docker's
      // DNS names a container from its start to its exit, ready or not, so this keeps it to one address at a time
      // that refuses connections (a replacement still starting, or a node past its drain grace).
      for (EdgeNode node : old) {
        EdgeNode replacement = cluster.addNode("edge-" + generation++);
        cluster.awaitReady(replacement);
        assertThat(cluster.stop(node)).as(node + " drained and exited 0").isZero();
        // The generator re-resolves `edge` every 500 ms: it drops the stopped node's address before the next
        // replacement adds one that refuses connections while it starts.
        await("edge no longer names " + node).during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(15))
          .until(() -> !load.resolve(EdgeCluster.ALIAS).contains(node.clusterIp()));
      }
      restartMillis = since(t0).toMillis();
      assertThat(restartMillis).as("the restart ended inside the measured period of " + runSeconds + " s")
        .isLessThan((runSeconds - 2) * 1000);
      result = load.awaitResult(Duration.ofSeconds(runSeconds + 120));
    }

    figure("rolling restart of three nodes took", restartMillis + " ms");
    figure("requests during the rolling restart", result.requests());
    figure("failed requests during the rolling restart (one retry on connection failure)",
      result.errors() + " " + result.errorsByKind().encode());
    figure("p99 during the rolling restart", String.format(Locale.ROOT, "%.1f ms", result.p99Millis()));
    assertThat(result.errors()).isZero();
    for (EdgeNode node : cluster.nodes()) {
      assertSharesClusterState(node);
    }
  }

  /**
   * What a node that joined or survived must share with the rest of the cluster, checked after the kill, the scale-out
   * and the rolling restart: every acknowledged route, served; and the entry cached through edge-3 at the start, a hit
   * with the stored bytes (the backend's answer names the request id, so a new fetch would differ).
   */
  private void assertSharesClusterState(EdgeNode node) {
    assertThat(cluster.routeIds(node)).as(node.name()).containsAll(acknowledged);
    for (String id : acknowledged) {
      assertThat(cluster.get(node, id + ".test", "/").statusCode()).as(node.name() + " serves " + id).isEqualTo(200);
    }
    HttpResponse<String> cached = cluster.get(node, CACHED_HOST, CACHED_PATH);
    assertThat(cached.headers().firstValue("X-Cache")).as(node.name() + " cache status").hasValue("HIT");
    assertThat(cached.body()).as(node.name() + " serves the stored entry").isEqualTo(cachedBody);
  }

  private void acknowledge(EdgeNode node, String routeId) {
    assertThat(cluster.putRoute(node, routeId, routeId + ".test")).as("PUT route " + routeId).isIn(200, 201);
    acknowledged.add(routeId);
  }

  /** Retries until the write is acknowledged: the majority refuses writes until it has dropped the lost member. */
  private void acknowledgeEventually(EdgeNode node, String routeId) {
    await("PUT route " + routeId).atMost(CLUSTER_CHANGE).ignoreExceptions()
      .until(() -> List.of(200, 201).contains(cluster.putRoute(node, routeId, routeId + ".test")));
    acknowledged.add(routeId);
  }

  private static void collect(Matcher matcher, java.util.Collection<String> into) {
    while (matcher.find()) {
      into.add(matcher.group(1));
    }
  }

  private static Duration since(long nanos) {
    return Duration.ofNanos(System.nanoTime() - nanos);
  }

  private static void figure(String what, Object value) {
    String shown = value instanceof Duration d ? d.toMillis() + " ms" : String.valueOf(value);
    System.out.println("FIGURE " + what + ": " + shown);
  }
}
