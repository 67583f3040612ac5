package dev.pharos.admin;

import dev.pharos.admin.testing.Reply;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RouteEndpointsTest extends AdminApiTestBase {

  @Test
  void putRouteAnswers201ThenReplacing200() {
    givenUpstream("web", "10.0.0.1:80");

    Reply created = client.put("/api/v1/routes/site", route("/", "web").put("hosts", new io.vertx.core.json.JsonArray()
      .add("Www.Example.com")));

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.header("Location")).isEqualTo("/api/v1/routes/site");
    assertThat(created.header("X-Config-Version")).isEqualTo("2");
    assertThat(created.header("ETag")).isNotBlank();
    assertThat(created.json().getJsonArray("hosts").getList()).containsExactly("www.example.com");
    assertThat(created.json().getString("upstream")).isEqualTo("web");

    Reply replaced = client.put("/api/v1/routes/site", route("/v2", "web"));

    assertThat(replaced.status()).isEqualTo(200);
    assertThat(replaced.header("ETag")).isNotEqualTo(created.header("ETag"));
    assertThat(replaced.json().getString("pathPrefix")).isEqualTo("/v2");
  }

  @Test
  void getRouteReturnsItWithItsETagAndTheConfigVersion() {
    givenUpstream("web", "10.0.0.1:80");
    Reply put = givenRoute("site", "/", "web");
    givenUpstream("other", "10.0.0.2:80");

    Reply reply = client.get("/api/v1/routes/site");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("ETag")).isEqualTo(put.header("ETag"));
    assertThat(reply.header("X-Config-Version")).isEqualTo("3");
    assertThat(reply.json()).isEqualTo(put.json());
  }

  @Test
  void listRoutesReturnsTheVersionAndEveryRoute() {
    givenUpstream("web", "10.0.0.1:80");
    givenRoute("b", "/b", "web");
    givenRoute("a", "/a", "web");

    Reply reply = client.get("/api/v1/routes");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("ETag")).isEqualTo("\"v3\"");
    assertThat(reply.json().getLong("version")).isEqualTo(3);
    assertThat(reply.json().getJsonArray("items").stream().map(r -> ((JsonObject) r).getString("id")))
      .containsExactly("a", "b");
  }

  @Test
  void routeNamingAMissingUpstreamAnswers409NamingUpstream() {
    Reply reply = client.put("/api/v1/routes/site", route("/", "nope"));

    assertProblem(reply, 409);
    assertThat(reply.errorFields()).containsExactly("upstream");
    assertThat(store.current().routes()).isEmpty();
  }

  @Test
  void invalidRouteAnswers400NamingEveryBadField() {
    givenUpstream("web", "10.0.0.1:80");
    JsonObject body = route("no-slash", "web")
      .put("methods", new io.vertx.core.json.JsonArray().add("FETCH"))
      .put("timeouts", new JsonObject().put("connectMs", "soon"));

    Reply reply = client.put("/api/v1/routes/site", body);

    assertProblem(reply, 400);
    assertThat(reply.errorFields()).containsExactlyInAnyOrder("pathPrefix", "methods[0]", "timeouts.connectMs");
  }

  @Test
  void anInvalidIdInThePathAnswers400NamingId() {
    givenUpstream("web", "10.0.0.1:80");

    Reply reply = client.put("/api/v1/routes/-bad", route("/", "web"));

    assertProblem(reply, 400);
    assertThat(reply.errorFields()).containsExactly("id");
  }

  @Test
  void deleteRouteWithStaleIfMatchAnswers412ThenWithTheCurrentOne204() {
    givenUpstream("web", "10.0.0.1:80");
    String stale = givenRoute("site", "/", "web").header("ETag");
    String current = givenRoute("site", "/v2", "web").header("ETag");

    assertProblem(client.delete("/api/v1/routes/site", "If-Match", stale), 412);
    assertThat(store.current().routes()).containsKey("site");

    Reply reply = client.delete("/api/v1/routes/site", "If-Match", current);

    assertThat(reply.status()).isEqualTo(204);
    assertThat(reply.header("X-Config-Version")).isEqualTo("4");
    assertThat(store.current().routes()).isEmpty();
  }

  @Test
  void getOrDeleteMissingRouteAnswers404() {
    assertProblem(client.get("/api/v1/routes/nope"), 404);
    assertProblem(client.delete("/api/v1/routes/nope"), 404);
  }
}
