package dev.pharos.admin;

import dev.pharos.admin.testing.Reply;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** POST /api/v1/cache/purge and GET /api/v1/cache/stats, over a cache that records what it is asked. */
class CacheEndpointsTest extends AdminApiTestBase {

  @Test
  void purgeByEachKindAnswersHowManyWent() {
    cache.answer(3);

    Reply reply = client.post("/api/v1/cache/purge", new JsonObject().put("prefix", "http://shop.example/items/"));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json()).isEqualTo(new JsonObject().put("prefix", "http://shop.example/items/").put("purged", 3));
    client.post("/api/v1/cache/purge", new JsonObject().put("url", "https://shop.example/a?b=1"));
    client.post("/api/v1/cache/purge", new JsonObject().put("tag", "product-7"));
    client.post("/api/v1/cache/purge", new JsonObject().put("route", "shop"));
    client.post("/api/v1/cache/purge", new JsonObject().put("prefix", "/static/"));
    assertThat(cache.purges()).containsExactly(
      new CachePurge(CachePurge.Kind.PREFIX, "http://shop.example/items/"),
      new CachePurge(CachePurge.Kind.URL, "https://shop.example/a?b=1"),
      new CachePurge(CachePurge.Kind.TAG, "product-7"),
      new CachePurge(CachePurge.Kind.ROUTE, "shop"),
      new CachePurge(CachePurge.Kind.PREFIX, "/static/"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"{}", "{\"url\":\"http://a.example/\",\"tag\":\"x\"}", "{\"colour\":\"blue\"}",
    "{\"url\":\"/relative\"}", "{\"url\":\"ftp://a.example/\"}", "{\"prefix\":\"not a url\"}", "{\"url\":\"/path\"}", "{\"prefix\":\"/a b\"}", "{\"tag\":\"\"}",
    "{\"tag\":7}", "{\"route\":null}", "[]"})
  void badPurgeBodiesAreProblemsAndPurgeNothing(String body) {
    Reply posted = client.post("/api/v1/cache/purge", body);

    assertProblem(posted, 400);
    assertThat(posted.json().getJsonArray("errors")).isNotEmpty();
    assertThat(cache.purges()).isEmpty();
  }

  @Test
  void purgeAcceptsOnlyPost() {
    Reply reply = client.put("/api/v1/cache/purge", new JsonObject().put("tag", "x"));

    assertProblem(reply, 405);
    assertThat(reply.header("Allow")).isEqualTo("POST");
  }

  @Test
  void statsAreTheCachesAnswer() {
    cache.answer(5);

    Reply reply = client.get("/api/v1/cache/stats");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().getJsonObject("cluster").getLong("entries")).isEqualTo(5);
  }

  @Test
  void cacheEndpointsNeedTheToken() {
    assertProblem(client.withToken(null).get("/api/v1/cache/stats"), 401);
    assertProblem(client.withToken(null).post("/api/v1/cache/purge", new JsonObject().put("tag", "x")), 401);
    assertThat(cache.purges()).isEmpty();
  }
}
