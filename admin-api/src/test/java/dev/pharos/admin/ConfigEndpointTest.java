package dev.pharos.admin;

import dev.pharos.admin.testing.Reply;
import dev.pharos.model.ConfigSnapshot;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigEndpointTest extends AdminApiTestBase {

  @Test
  void getConfigReturnsTheWholeSnapshotTaggedWithItsVersion() {
    givenUpstream("web", "10.0.0.1:80");
    givenRoute("site", "/", "web");

    Reply reply = client.get("/api/v1/config");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("ETag")).isEqualTo("\"v2\"");
    assertThat(reply.header("X-Config-Version")).isEqualTo("2");
    assertThat(reply.json()).isEqualTo(store.current().toJson());
  }

  @Test
  void putConfigReplacesEverythingInOneVersion() {
    givenUpstream("old", "10.0.0.1:80");
    givenRoute("old-site", "/", "old");

    Reply reply = client.put("/api/v1/config", table(
      new JsonObject().put("id", "new").put("targets", new JsonArray()),
      new JsonObject().put("id", "new-site").put("upstream", "new")));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("ETag")).isEqualTo("\"v3\"");
    assertThat(reply.json().getLong("version")).isEqualTo(3);
    ConfigSnapshot now = store.current();
    assertThat(now.upstreams()).containsOnlyKeys("new");
    assertThat(now.routes()).containsOnlyKeys("new-site");
    assertThat(reply.json()).isEqualTo(now.toJson());
  }

  @Test
  void putConfigWithStaleIfMatchAnswers412AndChangesNothing() {
    String exported = client.get("/api/v1/config").header("ETag");
    givenUpstream("web", "10.0.0.1:80");
    ConfigSnapshot before = store.current();

    Reply reply = client.put("/api/v1/config", table(), "If-Match", exported);

    assertProblem(reply, 412);
    assertThat(store.current()).isEqualTo(before);
  }

  @Test
  void anExportedConfigPutsBackUnderItsOwnETag() {
    givenUpstream("web", "10.0.0.1:80");
    givenRoute("site", "/", "web");
    Reply exported = client.get("/api/v1/config");

    Reply reply = client.put("/api/v1/config", exported.json(), "If-Match", exported.header("ETag"));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().getLong("version")).isEqualTo(3);
    assertThat(reply.json().getJsonArray("routes")).isEqualTo(exported.json().getJsonArray("routes"));
  }

  @Test
  void putConfigWithABrokenReferenceAnswers409AndChangesNothing() {
    givenUpstream("web", "10.0.0.1:80");
    ConfigSnapshot before = store.current();

    Reply reply = client.put("/api/v1/config", table(
      new JsonObject().put("id", "api").put("targets", new JsonArray()),
      new JsonObject().put("id", "site").put("upstream", "web")));

    assertProblem(reply, 409);
    assertThat(reply.errorFields()).containsExactly("routes[0].upstream");
    assertThat(store.current()).isEqualTo(before);
  }

  @Test
  void putConfigWithInvalidItemsAnswers400NamingThemByPosition() {
    JsonObject body = table(new JsonObject().put("id", "web")
      .put("targets", new JsonArray().add(new JsonObject().put("host", "10.0.0.1").put("port", 0))))
      .put("comment", "unknown");

    Reply reply = client.put("/api/v1/config", body);

    assertProblem(reply, 400);
    assertThat(reply.errorFields()).containsExactlyInAnyOrder("upstreams[0].targets[0].port", "comment");
    assertThat(store.current()).isEqualTo(ConfigSnapshot.EMPTY);
  }

  /** A config document with one upstream and one route, or empty. */
  private static JsonObject table(JsonObject... upstreamThenRoute) {
    JsonArray upstreams = new JsonArray();
    JsonArray routes = new JsonArray();
    if (upstreamThenRoute.length > 0) {
      upstreams.add(upstreamThenRoute[0]);
    }
    if (upstreamThenRoute.length > 1) {
      routes.add(upstreamThenRoute[1]);
    }
    return new JsonObject().put("upstreams", upstreams).put("routes", routes);
  }
}
