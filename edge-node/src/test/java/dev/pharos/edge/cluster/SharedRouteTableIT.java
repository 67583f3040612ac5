package dev.pharos.edge.cluster;

import com.hazelcast.map.IMap;
import dev.pharos.edge.PharosNode;
import dev.pharos.edge.testing.EchoBackend;
import dev.pharos.edge.testing.Http;
import dev.pharos.edge.testing.InJvmCluster;
import dev.pharos.model.ClusterNames;
import dev.pharos.model.ConfigSnapshot;
import dev.pharos.model.Route;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three real members in this JVM share one route table: what is written through one node's admin API is served by
 * every node, errors come out with the right status, and a node that misses a change event still converges.
 */
class SharedRouteTableIT {

  private static final String CLUSTER = "shared-route-table-it";
  private static final int BASE_PORT = 5811;

  @RegisterExtension
  static final InJvmCluster cluster = new InJvmCluster(CLUSTER, BASE_PORT, 3);
  static EchoBackend backendA;
  static EchoBackend backendB;

  @BeforeAll
  static void startCluster() {
    backendA = EchoBackend.start(cluster.backendVertx(), "backend-a");
    backendB = EchoBackend.start(cluster.backendVertx(), "backend-b");
  }

  @Test
  void routeWrittenThroughOneNodeIsServedByEveryNode() {
    putUpstream(0, "shop", backendA.port());
    HttpResponse<String> put = Http.admin("PUT", adminPort(0), "/api/v1/routes/shop?wait=applied",
      route("shop", "shop.example", "/", "shop"));
    assertThat(put.statusCode()).isEqualTo(201);

    for (PharosNode node : cluster.nodes()) {
      HttpResponse<String> response = Http.get(node.httpPort(), "shop.example", "/cart?x=1");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("backend-a /cart?x=1");
      assertThat(response.headers().firstValue("X-Served-By")).contains(node.settings().nodeName());
    }
  }

  @Test
  void waitAppliedReturnsOnlyWhenEveryMemberServesTheVersion() {
    HttpResponse<String> put = putUpstream(1, "wait-check", backendA.port());
    long version = Long.parseLong(put.headers().firstValue("X-Config-Version").orElseThrow());

    assertThat(cluster.nodes()).allSatisfy(node -> assertThat(node.appliedVersion()).isGreaterThanOrEqualTo(version));
    JsonObject clusterState = new JsonObject(Http.admin("GET", adminPort(2), "/api/v1/cluster", null).body());
    JsonArray members = clusterState.getJsonArray("members");
    assertThat(members).hasSize(3);
    members.forEach(m -> assertThat(((JsonObject) m).getLong("appliedVersion")).isGreaterThanOrEqualTo(version));
  }

  @Test
  void unknownHostAnswers404AndNoTargetAnswers503() {
    Http.admin("PUT", adminPort(0), "/api/v1/upstreams/empty?wait=applied",
      new JsonObject().put("targets", new JsonArray()));
    Http.admin("PUT", adminPort(0), "/api/v1/routes/empty?wait=applied", route("empty", "empty.example", "/", "empty"));

    assertThat(Http.get(cluster.node(1).httpPort(), "nobody.example", "/").statusCode()).isEqualTo(404);
    assertThat(Http.get(cluster.node(2).httpPort(), "empty.example", "/").statusCode()).isEqualTo(503);
  }

  @Test
  void closedTargetAnswers502AndSilentTargetAnswers504() throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    putUpstream(0, "closed", closedPort);
    Http.admin("PUT", adminPort(0), "/api/v1/routes/closed?wait=applied", route("closed", "closed.example", "/",
      "closed"));
    putUpstream(0, "silent", backendB.port());
    Http.admin("PUT", adminPort(0), "/api/v1/routes/silent?wait=applied", route("silent", "silent.example", "/",
      "silent").put("timeouts", new JsonObject().put("responseMs", 300)));

    assertThat(Http.get(cluster.node(1).httpPort(), "closed.example", "/").statusCode()).isEqualTo(502);
    assertThat(Http.get(cluster.node(2).httpPort(), "silent.example", "/hang").statusCode()).isEqualTo(504);
  }

  @Test
  void staleIfMatchAnswers412AndKeepsTheResource() {
    HttpResponse<String> first = putUpstream(0, "etagged", backendA.port());
    String etag = first.headers().firstValue("ETag").orElseThrow();
    putUpstream(1, "etagged", backendB.port());

    HttpResponse<String> stale = Http.admin("PUT", adminPort(2), "/api/v1/upstreams/etagged",
      upstream(backendA.port()), "If-Match", etag);

    assertThat(stale.statusCode()).isEqualTo(412);
    JsonObject stored = new JsonObject(Http.admin("GET", adminPort(0), "/api/v1/upstreams/etagged", null).body());
    assertThat(stored.getJsonArray("targets").getJsonObject(0).getInteger("port")).isEqualTo(backendB.port());
  }

  @Test
  void invalidBodyAnswers400NamingTheFieldAndMissingTokenAnswers401() {
    HttpResponse<String> invalid = Http.admin("PUT", adminPort(1), "/api/v1/upstreams/bad",
      new JsonObject().put("targets", new JsonArray().add(new JsonObject().put("host", "127.0.0.1").put("port", 0))));
    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(invalid.headers().firstValue("Content-Type")).hasValueSatisfying(
      v -> assertThat(v).startsWith("application/problem+json"));
    assertThat(new JsonObject(invalid.body()).getJsonArray("errors").getJsonObject(0).getString("field"))
      .isEqualTo("targets[0].port");

    HttpResponse<String> anonymous = Http.get(adminPort(1), "localhost", "/api/v1/routes");
    assertThat(anonymous.statusCode()).isEqualTo(401);
  }

  @Test
  void memberThatMissedTheChangeEventConvergesByItself() {
    putUpstream(0, "quiet", backendA.port());
    // Write the next version straight into the cluster map, as if its change event had been lost on the way.
    IMap<String, String> map = cluster.node(0).hazelcast().getMap(ClusterNames.CONFIG_MAP);
    String currentJson = map.get(ClusterNames.SNAPSHOT_KEY);
    ConfigSnapshot current = ConfigSnapshot.fromJson(new JsonObject(currentJson).getJsonObject("config"));
    ConfigSnapshot next = current.apply(new dev.pharos.model.ConfigChange.PutRoute(
      Route.of("quiet", "quiet.example", "/", "quiet")), dev.pharos.model.Precondition.NONE);
    map.put(ClusterNames.SNAPSHOT_KEY, new JsonObject().put("seeded", false).put("config", next.toJson()).encode());
    map.put(ClusterNames.VERSION_KEY, Long.toString(next.version()));

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      for (PharosNode node : cluster.nodes()) {
        assertThat(Http.get(node.httpPort(), "quiet.example", "/").body()).isEqualTo("backend-a /");
      }
    });
  }

  private static int adminPort(int node) {
    return cluster.node(node).adminPort();
  }

  private static HttpResponse<String> putUpstream(int node, String id, int port) {
    HttpResponse<String> response = Http.admin("PUT", adminPort(node), "/api/v1/upstreams/" + id + "?wait=applied",
      upstream(port));
    assertThat(response.statusCode()).isIn(200, 201);
    return response;
  }

  private static JsonObject upstream(int port) {
    return new JsonObject().put("targets", new JsonArray().add(new JsonObject().put("host", "127.0.0.1")
      .put("port", port)));
  }

  private static JsonObject route(String id, String host, String prefix, String upstream) {
    return new JsonObject().put("hosts", new JsonArray().add(host)).put("pathPrefix", prefix)
      .put("upstream", upstream);
  }
}
