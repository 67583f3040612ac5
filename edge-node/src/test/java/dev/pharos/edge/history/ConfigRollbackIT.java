package dev.pharos.edge.history;

import dev.pharos.edge.PharosNode;
import dev.pharos.edge.testing.EchoBackend;
import dev.pharos.edge.testing.Http;
import dev.pharos.edge.testing.InJvmCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three real members in this JVM, each keeping the last five versions with a whole table every third one: changes
 * made through different nodes are recorded with their actor, and a rollback through one node brings every node back
 * to exactly the earlier table (version 2, rebuilt from version 1's table and its own change).
 */
class ConfigRollbackIT {

  private static final String CLUSTER = "config-rollback-it";
  private static final int BASE_PORT = 7441;
  private static final int SIZE = 3;
  private static final String ACTOR = "release-bot";

  @RegisterExtension
  static final InJvmCluster cluster = new InJvmCluster(CLUSTER, BASE_PORT, SIZE,
    Map.of("PHAROS_ADMIN_TOKEN_NAME", ACTOR, "PHAROS_CONFIG_HISTORY", "5",
      "PHAROS_CONFIG_HISTORY_WHOLE_TABLE_EVERY", "3"));
  static EchoBackend backendA;
  static EchoBackend backendB;

  @BeforeAll
  static void startCluster() {
    backendA = EchoBackend.start(cluster.backendVertx(), "backend-a");
    backendB = EchoBackend.start(cluster.backendVertx(), "backend-b");
  }

  @Test
  void rollbackThroughOneNodeRestoresTheEarlierTableOnEveryNodeAndIsRecordedAsANewEntry() {
    write(0, "PUT", "/api/v1/upstreams/shop", upstream(backendA.port()));
    write(1, "PUT", "/api/v1/routes/shop", route("shop.example", "shop"));
    JsonObject earlier = config(2);
    write(2, "PUT", "/api/v1/upstreams/shop", upstream(backendB.port()));
    write(0, "PUT", "/api/v1/upstreams/extra", upstream(backendA.port()));
    write(1, "PUT", "/api/v1/routes/extra", route("extra.example", "extra"));
    assertThat(Http.get(cluster.node(0).httpPort(), "shop.example", "/").body()).isEqualTo("backend-b /");

    HttpResponse<String> rollback = write(2, "POST", "/api/v1/config/rollback",
      new JsonObject().put("version", earlier.getLong("version")));

    assertThat(rollback.headers().firstValue("X-Config-Version")).contains("6");
    for (PharosNode node : cluster.nodes()) {
      String name = node.settings().nodeName();
      assertThat(node.appliedVersion()).as(name).isEqualTo(6);
      assertThat(Http.get(node.httpPort(), "shop.example", "/cart").body()).as(name).isEqualTo("backend-a /cart");
      assertThat(Http.get(node.httpPort(), "extra.example", "/").statusCode()).as(name).isEqualTo(404);
      assertThat(config(cluster.nodes().indexOf(node))).as(name).isEqualTo(earlier.copy().put("version", 6L));
    }

    JsonObject rollbackEntry = history(1, "").getJsonObject(0);
    assertThat(rollbackEntry.getLong("version")).isEqualTo(6);
    assertThat(rollbackEntry.getLong("rollbackOf")).isEqualTo(2);
    assertThat(rollbackEntry.getString("actor")).isEqualTo(ACTOR);
    assertThat(rollbackEntry.getJsonObject("change").getString("op")).isEqualTo("replace-all");

    // Five versions are kept: the sixth write pushed the first out, in the background.
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(history(0, "?limit=10").stream()
      .map(entry -> ((JsonObject) entry).getLong("version")).toList()).containsExactly(6L, 5L, 4L, 3L, 2L));
    assertThat(history(2, "").stream().map(entry -> ((JsonObject) entry).getString("actor")))
      .containsOnly(ACTOR);
    assertThat(Http.admin("GET", adminPort(1), "/api/v1/config/history/1", null).statusCode()).isEqualTo(404);
    assertThat(new JsonObject(Http.admin("GET", adminPort(1), "/api/v1/config/history/6", null).body()))
      .isEqualTo(config(0));
  }

  private static HttpResponse<String> write(int node, String method, String path, JsonObject body) {
    HttpResponse<String> response = Http.admin(method, adminPort(node), path + "?wait=applied", body);
    assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isIn(200, 201);
    return response;
  }

  private static JsonObject config(int node) {
    return new JsonObject(Http.admin("GET", adminPort(node), "/api/v1/config", null).body());
  }

  private static JsonArray history(int node, String query) {
    HttpResponse<String> response = Http.admin("GET", adminPort(node), "/api/v1/config/history" + query, null);
    assertThat(response.statusCode()).isEqualTo(200);
    return new JsonObject(response.body()).getJsonArray("items");
  }

  private static int adminPort(int node) {
    return cluster.node(node).adminPort();
  }

  private static JsonObject upstream(int port) {
    return new JsonObject().put("targets", new JsonArray().add(new JsonObject().put("host", "127.0.0.1")
      .put("port", port)));
  }

  private static JsonObject route(String host, String upstream) {
    return new JsonObject().put("hosts", new JsonArray().add(host)).put("upstream", upstream);
  }
}
