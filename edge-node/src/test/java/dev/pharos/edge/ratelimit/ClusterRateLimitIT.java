package dev.pharos.edge.ratelimit;

import com.hazelcast.map.IMap;
import dev.pharos.edge.PharosNode;
import dev.pharos.edge.testing.EchoBackend;
import dev.pharos.edge.testing.Http;
import dev.pharos.edge.testing.InJvmCluster;
import dev.pharos.edge.testing.PrometheusSamples;
import dev.pharos.model.ClusterNames;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cluster-wide limits on 3 members with traffic spread evenly over all of them, as DNS round-robin spreads it: one hot
 * key at 5x its limit for 10 s, 10,000 distinct keys, and keys that expire.
 */
class ClusterRateLimitIT {

  private static final String CLUSTER = "ratelimit-cluster-it";
  private static final int BASE_PORT = 6111;

  @RegisterExtension
  static final InJvmCluster cluster = new InJvmCluster(CLUSTER, BASE_PORT, 3,
    Map.of("PHAROS_RATE_LIMIT_KEY_IDLE_MS", "2000"));
  static EchoBackend backend;
  static List<Integer> ports;

  @BeforeAll
  static void start() {
    backend = EchoBackend.start(cluster.backendVertx(), "origin");
    ports = cluster.nodes().stream().map(PharosNode::httpPort).toList();
    JsonObject upstream = new JsonObject().put("targets", new JsonArray()
      .add(new JsonObject().put("host", "127.0.0.1").put("port", backend.port())));
    assertThat(Http.admin("PUT", cluster.node(0).adminPort(), "/api/v1/upstreams/web?wait=applied", upstream)
      .statusCode()).isEqualTo(201);
  }

  static void route(String id, JsonObject limit) {
    JsonObject route = new JsonObject().put("hosts", new JsonArray().add(id + ".example")).put("upstream", "web")
      .put("rateLimit", new JsonObject().put("limits", new JsonArray().add(limit)));
    assertThat(Http.admin("PUT", cluster.node(0).adminPort(), "/api/v1/routes/" + id + "?wait=applied", route)
      .statusCode()).isEqualTo(201);
  }

  @Test
  void oneHotKeyAtFiveTimesTheLimitForTenSecondsAdmitsTheLimitWithinTenPercent() {
    int perSecond = 50;
    route("hot", new JsonObject().put("requests", perSecond).put("per", "second").put("key", new JsonArray()
      .add("route")));

    SpreadLoad.Counts counts;
    try (SpreadLoad load = new SpreadLoad(ports, "hot.example")) {
      counts = load.atRate(5 * perSecond, 10_000, i -> new String[0]);
    }

    double seconds = counts.elapsedMillis() / 1000.0;
    double limit = perSecond + perSecond * seconds;
    double bound = limit + perSecond * 0.1;
    System.out.printf("hot key, 5x %d/s over 3 nodes: admitted %d (by node %s), limited %d, other %d in %.2f s; "
        + "limit (burst + rate x time) %.0f, admitted/limit %.3f%n", perSecond, counts.admitted(),
      Arrays.toString(counts.admittedByNode()), counts.limited(), counts.other(), seconds, limit, counts.admitted() / limit);
    assertThat(counts.other()).isZero();
    assertThat((double) counts.admitted()).isLessThanOrEqualTo(bound).isLessThanOrEqualTo(1.1 * limit)
      .isGreaterThanOrEqualTo(0.9 * perSecond * 10);
    assertThat(Arrays.stream(counts.admittedByNode()).min().orElse(0)).isPositive();
    assertThat(decisions("hot", "allowed")).isEqualTo(counts.admitted());
    assertThat(decisions("hot", "limited")).isEqualTo(counts.limited());
  }

  /** The nodes' {@code pharos_ratelimit_requests_total} for a route and outcome, summed. */
  static long decisions(String route, String outcome) {
    return Math.round(cluster.nodes().stream().mapToDouble(node ->
      new PrometheusSamples(Http.admin("GET", node.adminPort(), "/metrics", null).body())
        .valueWith("pharos_ratelimit_requests_total", Map.of("route", route, "outcome", outcome))).sum());
  }

  @Test
  void tenThousandDistinctKeysEachGetTheirOwnLimitOnEveryMember() {
    route("many", new JsonObject().put("requests", 1).put("per", "hour")
      .put("key", new JsonArray().add("header:X-Client")));
    int keys = 10_000;

    // Request i goes to node i % 3 with key i / 2: each key's two requests reach two different members.
    SpreadLoad.Counts counts;
    try (SpreadLoad load = new SpreadLoad(ports, "many.example")) {
      counts = load.all(2 * keys, 48, i -> new String[] {"X-Client", "client-" + (i / 2)});
    }

    long failures = cluster.nodes().stream().mapToLong(n -> health(n).getLong("syncFailures")).sum();
    System.out.printf("10,000 keys x 2 requests over 3 nodes: admitted %d, limited %d, other %d in %d ms; "
      + "owner syncs failed %d%n", counts.admitted(), counts.limited(), counts.other(), counts.elapsedMillis(), failures);
    assertThat(counts.other()).isZero();
    assertThat(counts.admitted()).isGreaterThanOrEqualTo(keys);
    if (failures == 0) {
      assertThat(counts.admitted()).isEqualTo(keys);
    }
    assertThat(counts.admitted()).isLessThanOrEqualTo(keys + (int) Math.min(keys, 3 * failures));
  }

  @Test
  void idleKeysExpireOnTheNodesAndTheirBucketsOnTheOwners() {
    route("expire", new JsonObject().put("requests", 10).put("per", "second").put("burst", 1)
      .put("key", new JsonArray().add("header:X-Client")));
    try (SpreadLoad load = new SpreadLoad(ports, "expire.example")) {
      assertThat(load.all(300, 16, i -> new String[] {"X-Client", "expiring-" + i}).admitted()).isEqualTo(300);
    }
    // Keys idle for 2 s are dropped: some of the first may be gone already.
    assertThat(cluster.nodes().stream().mapToInt(n -> health(n).getInteger("keysTracked")).sum()).isPositive();
    IMap<String, Object> buckets = cluster.node(0).hazelcast().getMap(ClusterNames.RATE_LIMIT_MAP);
    Set<String> keys = IntStream.range(0, 300).mapToObj(i -> "expire\u001f10-per-second\u001fexpiring-" + i)
      .collect(Collectors.toSet());
    assertThat(buckets.getAll(keys)).isNotEmpty();

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
      assertThat(cluster.nodes()).allSatisfy(n -> assertThat(health(n).getInteger("keysTracked")).isZero()));
    // A bucket that went unused long enough to have refilled is gone from its owner (and its backup).
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(buckets.getAll(keys)).isEmpty());
  }

  static JsonObject health(PharosNode node) {
    return new JsonObject(Http.admin("GET", node.adminPort(), "/api/v1/health", null).body())
      .getJsonObject("rateLimits");
  }
}
