package dev.pharos.admin;

import dev.pharos.admin.testing.Reply;
import dev.pharos.model.ConfigSnapshot;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UpstreamEndpointsTest extends AdminApiTestBase {

  @Test
  void putUpstreamAnswers201ThenReplacing200() {
    Reply created = client.put("/api/v1/upstreams/web", upstream("10.0.0.1:80"));

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.header("Location")).isEqualTo("/api/v1/upstreams/web");
    assertThat(created.header("ETag")).startsWith("\"").endsWith("\"");
    assertThat(created.header("X-Config-Version")).isEqualTo("1");
    assertThat(created.json()).isEqualTo(new JsonObject()
      .put("id", "web")
      .put("targets", new JsonArray().add(new JsonObject().put("host", "10.0.0.1").put("port", 80).put("weight", 1)))
      .put("loadBalancing", "round-robin"));

    Reply replaced = client.put("/api/v1/upstreams/web", upstream("10.0.0.1:80", "10.0.0.2:80"));

    assertThat(replaced.status()).isEqualTo(200);
    assertThat(replaced.header("Location")).isNull();
    assertThat(replaced.header("ETag")).isNotEqualTo(created.header("ETag"));
    assertThat(replaced.header("X-Config-Version")).isEqualTo("2");
    assertThat(replaced.json().getJsonArray("targets")).hasSize(2);
  }

  @Test
  void putUpstreamAcceptsAnIdInTheBodyThatMatchesThePath() {
    Reply reply = client.put("/api/v1/upstreams/web", upstream("10.0.0.1:80").put("id", "web"));

    assertThat(reply.status()).isEqualTo(201);
  }

  @Test
  void putUpstreamAnswers400WhenTheBodyIdContradictsThePath() {
    Reply reply = client.put("/api/v1/upstreams/web", upstream("10.0.0.1:80").put("id", "api"));

    assertProblem(reply, 400);
    assertThat(reply.errorFields()).containsExactly("id");
    assertThat(store.current().upstreams()).isEmpty();
  }

  @Test
  void getUpstreamReturnsItWithTheETagOfThePut() {
    Reply put = givenUpstream("web", "10.0.0.1:80");

    Reply reply = client.get("/api/v1/upstreams/web");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("ETag")).isEqualTo(put.header("ETag"));
    assertThat(reply.header("X-Config-Version")).isEqualTo("1");
    assertThat(reply.json()).isEqualTo(put.json());
  }

  @Test
  void listUpstreamsReturnsTheVersionAndEveryItemTaggedWithTheVersion() {
    givenUpstream("web", "10.0.0.1:80");
    givenUpstream("api", "10.0.0.2:80");

    Reply reply = client.get("/api/v1/upstreams");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("ETag")).isEqualTo("\"v2\"");
    assertThat(reply.json().getLong("version")).isEqualTo(2);
    assertThat(reply.json().getJsonArray("items").stream().map(u -> ((JsonObject) u).getString("id")))
      .containsExactly("api", "web");
  }

  @Test
  void putWithStaleIfMatchAnswers412AndLeavesTheUpstreamUnchanged() {
    String stale = givenUpstream("web", "10.0.0.1:80").header("ETag");
    Reply current = client.put("/api/v1/upstreams/web", upstream("10.0.0.2:80"));

    Reply reply = client.put("/api/v1/upstreams/web", upstream("10.0.0.3:80"), "If-Match", stale);

    assertProblem(reply, 412);
    Reply after = client.get("/api/v1/upstreams/web");
    assertThat(after.header("ETag")).isEqualTo(current.header("ETag"));
    assertThat(after.json()).isEqualTo(current.json());
  }

  @Test
  void putWithCurrentIfMatchReplaces() {
    String etag = givenUpstream("web", "10.0.0.1:80").header("ETag");

    Reply reply = client.put("/api/v1/upstreams/web", upstream("10.0.0.2:80"), "If-Match", etag);

    assertThat(reply.status()).isEqualTo(200);
  }

  @Test
  void putWithIfMatchOnAMissingUpstreamAnswers412() {
    Reply reply = client.put("/api/v1/upstreams/web", upstream("10.0.0.1:80"), "If-Match", "*");

    assertProblem(reply, 412);
    assertThat(store.current().upstreams()).isEmpty();
  }

  @Test
  void putWithIfNoneMatchStarCreatesButAnswers412OnAnExistingUpstream() {
    assertThat(client.put("/api/v1/upstreams/web", upstream("10.0.0.1:80"), "If-None-Match", "*").status())
      .isEqualTo(201);

    Reply reply = client.put("/api/v1/upstreams/web", upstream("10.0.0.2:80"), "If-None-Match", "*");

    assertProblem(reply, 412);
    assertThat(client.get("/api/v1/upstreams/web").json().getJsonArray("targets").getJsonObject(0).getString("host"))
      .isEqualTo("10.0.0.1");
  }

  @Test
  void invalidUpstreamAnswers400NamingEveryBadField() {
    JsonObject body = new JsonObject()
      .put("targets", new JsonArray().add(new JsonObject().put("host", "10.0.0.1").put("port", 70000)))
      .put("loadBalancing", 5)
      .put("colour", "blue");

    Reply reply = client.put("/api/v1/upstreams/web", body);

    assertProblem(reply, 400);
    assertThat(reply.errorFields()).containsExactlyInAnyOrder("targets[0].port", "loadBalancing", "colour");
    assertThat(reply.json().getJsonArray("errors").getJsonObject(0).getString("message")).isNotBlank();
    assertThat(store.current()).isEqualTo(ConfigSnapshot.EMPTY);
  }

  @Test
  void malformedJsonAnswers400NamingTheWholeBody() {
    Reply reply = client.put("/api/v1/upstreams/web", "{\"targets\": [");

    assertProblem(reply, 400);
    assertThat(reply.errorFields()).containsExactly("$");
  }

  @Test
  void jsonThatIsNotAnObjectAnswers400NamingTheWholeBody() {
    Reply reply = client.put("/api/v1/upstreams/web", "[]");

    assertProblem(reply, 400);
    assertThat(reply.errorFields()).containsExactly("$");
  }

  @Test
  void emptyBodyAnswers400NamingTheWholeBody() {
    Reply reply = client.put("/api/v1/upstreams/web", "");

    assertProblem(reply, 400);
    assertThat(reply.errorFields()).containsExactly("$");
  }

  @Test
  void deleteUpstreamAnswers204ThenItIsGone() {
    givenUpstream("web", "10.0.0.1:80");

    Reply reply = client.delete("/api/v1/upstreams/web");

    assertThat(reply.status()).isEqualTo(204);
    assertThat(reply.header("X-Config-Version")).isEqualTo("2");
    assertProblem(client.get("/api/v1/upstreams/web"), 404);
  }

  @Test
  void deletingAnUpstreamInUseAnswers409AndKeepsIt() {
    givenUpstream("web", "10.0.0.1:80");
    givenRoute("site", "/", "web");

    Reply reply = client.delete("/api/v1/upstreams/web");

    assertProblem(reply, 409);
    assertThat(reply.json().getString("detail")).contains("site");
    assertThat(store.current().upstreams()).containsKey("web");
  }

  @Test
  void getOrDeleteMissingUpstreamAnswers404() {
    Reply get = client.get("/api/v1/upstreams/nope");
    Reply delete = client.delete("/api/v1/upstreams/nope");

    assertProblem(get, 404);
    assertThat(get.json().getString("detail")).contains("nope");
    assertProblem(delete, 404);
    assertThat(store.current().version()).isZero();
  }
}
