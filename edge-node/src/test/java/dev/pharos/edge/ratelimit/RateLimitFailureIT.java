package dev.pharos.edge.ratelimit;

import dev.pharos.edge.PharosNode;
import dev.pharos.edge.testing.EchoBackend;
import dev.pharos.edge.testing.Http;
import dev.pharos.edge.testing.NodeFixtures;
import dev.pharos.model.ClusterNames;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Limits when members fail: a member killed mid-test (the owner of the key) does not reset the count the others
 * enforce, and a member cut off from the rest (as {@code MinorityPartitionIT} cuts one off: the others leave) enforces
 * its share of each limit and says so in {@code GET /api/v1/health}. The tests run in order on one cluster that loses a
 * member in each.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RateLimitFailureIT {

  private static final String CLUSTER = "ratelimit-failure-it";
  private static final int BASE_PORT = 6131;
  private static final char SEPARATOR = '\u001f';

  @TempDir
  static Path dataDir;
  static Vertx backendVertx;
  static EchoBackend backend;
  static List<PharosNode> nodes;
  static final List<PharosNode> alive = new ArrayList<>();
  static final List<PharosNode> killed = new ArrayList<>();

  @BeforeAll
  static void start() {
    backendVertx = Vertx.vertx();
    backend = EchoBackend.start(backendVertx, "origin");
    nodes = NodeFixtures.startCluster(CLUSTER, BASE_PORT, 3, dataDir);
    alive.addAll(nodes);
    JsonObject upstream = new JsonObject().put("targets", new JsonArray()
      .add(new JsonObject().put("host", "127.0.0.1").put("port", backend.port())));
    assertThat(Http.admin("PUT", nodes.get(0).adminPort(), "/api/v1/upstreams/web?wait=applied", upstream)
      .statusCode()).isEqualTo(201);
    // Both routes exist before any member is lost: a minority refuses config writes.
    route("kill", 100, "hour");
    route("alone", 30, "second");
  }

  @AfterAll
  static void stop() {
    NodeFixtures.stopAll(alive);
    // A killed member's Hazelcast is gone; its Vert.x still holds threads and ports.
    killed.forEach(node -> NodeFixtures.await(node.vertx().close()));
    backendVertx.close();
  }

  static void route(String id, int requests, String per) {
    JsonObject route = new JsonObject().put("hosts", new JsonArray().add(id + ".example")).put("upstream", "web")
      .put("rateLimit", new JsonObject().put("limits", new JsonArray().add(new JsonObject()
        .put("requests", requests).put("per", per).put("key", new JsonArray().add("route")))));
    assertThat(Http.admin("PUT", nodes.get(0).adminPort(), "/api/v1/routes/" + id + "?wait=applied", route)
      .statusCode()).isEqualTo(201);
  }

  static List<Integer> ports() {
    return alive.stream().map(PharosNode::httpPort).toList();
  }

  @Test
  @Order(1)
  void killingTheKeysOwnerDoesNotResetTheCountOnTheOthers() {
    String key = "kill" + SEPARATOR + "100-per-hour" + SEPARATOR;
    SpreadLoad.Counts before;
    try (SpreadLoad load = new SpreadLoad(ports(), "kill.example")) {
      before = load.all(80, 1, i -> new String[0]);
    }
    assertThat(before.admitted()).isEqualTo(80);
    // Every member has reported what it spent once the owner's bucket holds no more than the 20 left.
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      OwnerBucket bucket = (OwnerBucket) nodes.get(0).hazelcast().getMap(ClusterNames.RATE_LIMIT_MAP).get(key);
      return bucket != null && bucket.total() < 21;
    });

    UUID ownerId = nodes.get(0).hazelcast().getPartitionService().getPartition(key).getOwner().getUuid();
    PharosNode owner = alive.stream()
      .filter(n -> n.hazelcast().getCluster().getLocalMember().getUuid().equals(ownerId)).findFirst().orElseThrow();
    owner.hazelcast().getLifecycleService().terminate();
    alive.remove(owner);
    killed.add(owner);
    await().atMost(Duration.ofSeconds(30)).until(() ->
      alive.stream().allMatch(n -> n.hazelcast().getCluster().getMembers().size() == 2
        && ClusterRateLimitIT.health(n).getInteger("membersVisible") == 2));

    SpreadLoad.Counts after;
    try (SpreadLoad load = new SpreadLoad(ports(), "kill.example")) {
      after = load.all(100, 1, i -> new String[0]);
    }
    System.out.printf("killed the key's owner after 80 of 100/hour: the 2 survivors then admitted %d of 100 more "
      + "(a reset bucket at their 2/3 share would admit 66)%n", after.admitted());
    assertThat(after.other()).isZero();
    assertThat(after.admitted()).isBetween(1, 21);
    assertThat(alive).allSatisfy(n -> {
      JsonObject health = ClusterRateLimitIT.health(n);
      assertThat(health.getString("enforcement")).isEqualTo("partitioned-share");
      assertThat(health.getInteger("membersVisible")).isEqualTo(2);
    });
  }

  @Test
  @Order(2)
  void aMemberCutOffFromTheOthersEnforcesItsShareAndSaysSo() {
    PharosNode lone = alive.get(alive.size() - 1);
    for (PharosNode other : List.copyOf(alive)) {
      if (other != lone) {
        NodeFixtures.await(other.stop());
        alive.remove(other);
      }
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> lone.hazelcast().getCluster().getMembers().size() == 1);
    // The limiter hears of the departures through membership events, a moment after Hazelcast's member list.
    await().atMost(Duration.ofSeconds(10))
      .until(() -> ClusterRateLimitIT.health(lone).getInteger("membersVisible") == 1);
    JsonObject health = ClusterRateLimitIT.health(lone);
    assertThat(health.getString("enforcement")).isEqualTo("partitioned-share");
    assertThat(health.getInteger("membersVisible")).isEqualTo(1);
    assertThat(health.getInteger("membersExpected")).isEqualTo(3);
    assertThat(health.getDouble("share")).isCloseTo(1.0 / 3, org.assertj.core.data.Offset.offset(1e-9));

    SpreadLoad.Counts counts;
    try (SpreadLoad load = new SpreadLoad(ports(), "alone.example")) {
      counts = load.atRate(150, 5_000, i -> new String[0]);
    }
    double seconds = counts.elapsedMillis() / 1000.0;
    double share = 10 + 10 * seconds;
    System.out.printf("lone member of 3, 150/s against 30/s for %.2f s: admitted %d, its share (burst + rate x time) "
      + "%.0f, the whole limit %.0f%n", seconds, counts.admitted(), share, 30 + 30 * seconds);
    assertThat(counts.other()).isZero();
    assertThat((double) counts.admitted()).isLessThanOrEqualTo(1.1 * share).isGreaterThanOrEqualTo(0.8 * 10 * 5);
  }
}
