package dev.pharos.edge.health;

import dev.pharos.edge.PharosNode;
import dev.pharos.edge.testing.Http;
import dev.pharos.edge.testing.InJvmCluster;
import dev.pharos.edge.testing.NodeFixtures;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three real members in this JVM probe real backends that die and come back: each target is probed by one member,
 * every node learns of a dead target within about one interval and stops sending it traffic, a recovered target gets
 * traffic again, the panic threshold keeps traffic flowing when every probe fails, and probing follows the partitions
 * when a member joins and when the member that probed a target leaves. Each test has an upstream and backends of its
 * own; the tests that add and stop a member run last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ActiveHealthIT {

  private static final String CLUSTER = "active-health-it";
  private static final int BASE_PORT = 5931;
  private static final int INTERVAL_MS = 300;
  /** One interval plus 100 ms is the goal; the rest is room for a loaded 2-core machine. */
  private static final Duration DETECTION_LIMIT = Duration.ofMillis(INTERVAL_MS + 100).multipliedBy(5);
  private static final Duration LIMIT = Duration.ofSeconds(20);

  @RegisterExtension
  static final InJvmCluster cluster = new InJvmCluster(CLUSTER, BASE_PORT, 3);

  @Test
  @Order(1)
  void everyNodeStopsSendingToAKilledTargetAndSendsAgainOnceItRecovers() {
    ProbedBackend[] backends = backends("kill", 3);
    configure("kill", 50, backends);
    awaitState("kill", "healthy", backends);
    ProbedBackend victim = backends[1];

    victim.kill();
    await().atMost(DETECTION_LIMIT).pollInterval(Duration.ofMillis(10))
      .untilAsserted(() -> assertStateOnEveryNode("kill", victim, "unhealthy"));

    for (int i = 0; i < 30; i++) {
      for (PharosNode node : cluster.nodes()) {
        HttpResponse<String> response = Http.get(node.httpPort(), "kill.example", "/");
        assertThat(response.statusCode()).as("request %d through %s", i, node.settings().nodeName()).isEqualTo(200);
        assertThat(response.body()).isNotEqualTo(victim.name());
      }
    }

    victim.revive();
    int before = victim.traffic();
    await().atMost(LIMIT).untilAsserted(() -> {
      for (PharosNode node : cluster.nodes()) {
        assertThat(Http.get(node.httpPort(), "kill.example", "/").statusCode()).isEqualTo(200);
      }
      assertThat(victim.traffic()).isGreaterThan(before);
    });
    assertStateOnEveryNode("kill", victim, "healthy");
  }

  @Test
  @Order(2)
  void eachTargetIsProbedByOneMemberOnly() {
    ProbedBackend[] backends = backends("shard", 6);
    configure("shard", 50, backends);
    awaitState("shard", "healthy", backends);
    Arrays.stream(backends).forEach(ProbedBackend::forgetProbes);

    await().atMost(LIMIT).until(() -> Arrays.stream(backends).allMatch(b -> total(b.probesByMember()) >= 5));

    for (ProbedBackend backend : backends) {
      assertThat(backend.probesByMember()).as("probes of %s by member", backend.name()).hasSize(1);
      String prober = backend.probesByMember().keySet().iterator().next();
      assertThat(target(cluster.node(0), "shard", backend).getString("prober")).isEqualTo(prober);
    }
  }

  @Test
  @Order(3)
  void aTargetWhoseProbeHangsIsMarkedDownAfterTheProbeTimeout() {
    ProbedBackend[] backends = backends("hang", 3);
    configure("hang", 50, backends);
    awaitState("hang", "healthy", backends);

    backends[2].hangProbes();
    await().atMost(LIMIT).untilAsserted(() -> assertStateOnEveryNode("hang", backends[2], "unhealthy"));

    for (PharosNode node : cluster.nodes()) {
      assertThat(target(node, "hang", backends[2]).getString("reason")).isEqualTo("timeout after 200 ms");
      for (int i = 0; i < 10; i++) {
        HttpResponse<String> response = Http.get(node.httpPort(), "hang.example", "/");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isNotEqualTo(backends[2].name());
      }
    }
  }

  @Test
  @Order(4)
  void panicThresholdKeepsTrafficFlowingWhenEveryTargetFailsItsProbe() {
    ProbedBackend[] backends = backends("panic", 3);
    configure("panic", 50, backends);
    awaitState("panic", "healthy", backends);

    Arrays.stream(backends).forEach(b -> b.answerProbesWith(503));
    awaitState("panic", "unhealthy", backends);

    for (PharosNode node : cluster.nodes()) {
      assertThat(upstream(node, "panic").getBoolean("panic")).isTrue();
      assertThat(target(node, "panic", backends[0]).getString("reason")).isEqualTo("status 503 (expected: 200-399)");
      for (int i = 0; i < 10; i++) {
        assertThat(Http.get(node.httpPort(), "panic.example", "/").statusCode()).isEqualTo(200);
      }
    }
  }

  @Test
  @Order(5)
  void aMemberThatJoinsProbesTheTargetsWhosePartitionsItNowOwns() {
    ProbedBackend[] backends = backends("join", 12);
    configure("join", 50, backends);
    awaitState("join", "healthy", backends);

    PharosNode joined = NodeFixtures.await(PharosNode.start(NodeFixtures.settings(CLUSTER, BASE_PORT, 3, 4,
      cluster.dataDir(), Map.of())));
    cluster.nodes().add(joined);
    await().atMost(LIMIT)
      .until(() -> cluster.nodes().stream().allMatch(n -> n.hazelcast().getPartitionService().isClusterSafe()));
    Arrays.stream(backends).forEach(ProbedBackend::forgetProbes);
    await().atMost(LIMIT).until(() -> Arrays.stream(backends).allMatch(b -> total(b.probesByMember()) >= 5));

    for (ProbedBackend backend : backends) {
      assertThat(backend.probesByMember()).as("probes of %s by member", backend.name())
        .containsOnlyKeys(partitionOwner(backend.address()));
    }
  }

  @Test
  @Order(6)
  void stoppingTheMemberThatProbesATargetHandsProbingToAnother() {
    ProbedBackend[] backends = backends("handover", 1);
    ProbedBackend backend = backends[0];
    configure("handover", 50, backends);
    awaitState("handover", "healthy", backends);
    String first = target(cluster.node(0), "handover", backend).getString("prober");
    PharosNode prober = cluster.nodes().stream().filter(n -> n.settings().nodeName().equals(first)).findFirst()
      .orElseThrow();

    NodeFixtures.await(prober.stop());
    cluster.nodes().remove(prober);
    backend.forgetProbes();

    await().atMost(LIMIT).untilAsserted(() -> {
      assertThat(backend.probesByMember()).isNotEmpty().doesNotContainKey(first);
      for (PharosNode node : cluster.nodes()) {
        assertThat(target(node, "handover", backend).getString("prober")).isNotEqualTo(first);
      }
    });
  }

  private static ProbedBackend[] backends(String prefix, int count) {
    ProbedBackend[] backends = new ProbedBackend[count];
    for (int i = 0; i < count; i++) {
      backends[i] = ProbedBackend.start(cluster.backendVertx(), prefix + "-" + (char) ('a' + i));
    }
    return backends;
  }

  private static void configure(String id, int panicPercent, ProbedBackend... backends) {
    JsonArray targets = new JsonArray();
    Arrays.stream(backends).forEach(b -> targets.add(new JsonObject().put("host", "127.0.0.1").put("port", b.port())));
    JsonObject healthCheck = new JsonObject().put("path", "/health").put("intervalMs", INTERVAL_MS)
      .put("timeoutMs", 200).put("healthyThreshold", 2).put("unhealthyThreshold", 1)
      .put("panicThresholdPercent", panicPercent);
    int admin = cluster.node(0).adminPort();
    assertThat(Http.admin("PUT", admin, "/api/v1/upstreams/" + id + "?wait=applied",
      new JsonObject().put("targets", targets).put("healthCheck", healthCheck)).statusCode()).isEqualTo(201);
    assertThat(Http.admin("PUT", admin, "/api/v1/routes/" + id + "?wait=applied", new JsonObject()
      .put("hosts", new JsonArray().add(id + ".example")).put("upstream", id)).statusCode()).isEqualTo(201);
  }

  private static void awaitState(String upstream, String state, ProbedBackend... backends) {
    await().atMost(LIMIT).untilAsserted(() -> {
      for (ProbedBackend backend : backends) {
        assertStateOnEveryNode(upstream, backend, state);
      }
    });
  }

  private static void assertStateOnEveryNode(String upstream, ProbedBackend backend, String state) {
    for (PharosNode node : cluster.nodes()) {
      assertThat(target(node, upstream, backend).getString("state"))
        .as("%s on %s", backend.name(), node.settings().nodeName()).isEqualTo(state);
    }
  }

  private static JsonObject upstream(PharosNode node, String id) {
    JsonArray upstreams = new JsonObject(Http.admin("GET", node.adminPort(), "/api/v1/health", null).body())
      .getJsonArray("upstreams");
    return upstreams.stream().map(JsonObject.class::cast).filter(u -> u.getString("id").equals(id)).findFirst()
      .orElseThrow(() -> new AssertionError("no upstream " + id + " in " + upstreams));
  }

  private static JsonObject target(PharosNode node, String upstream, ProbedBackend backend) {
    return upstream(node, upstream).getJsonArray("targets").stream().map(JsonObject.class::cast)
      .filter(t -> t.getString("address").equals(backend.address())).findFirst().orElseThrow();
  }

  private static String partitionOwner(String key) {
    UUID owner = cluster.node(0).hazelcast().getPartitionService().getPartition(key).getOwner().getUuid();
    return cluster.nodes().stream().filter(n -> n.hazelcast().getCluster().getLocalMember().getUuid().equals(owner))
      .map(n -> n.settings().nodeName()).findFirst().orElseThrow();
  }

  private static int total(Map<String, Integer> counts) {
    return counts.values().stream().mapToInt(Integer::intValue).sum();
  }
}
