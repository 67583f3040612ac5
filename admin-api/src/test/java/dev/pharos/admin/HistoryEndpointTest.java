package dev.pharos.admin;

import dev.pharos.admin.testing.AdminClient;
import dev.pharos.admin.testing.InMemoryConfigStore;
import dev.pharos.admin.testing.Reply;
import dev.pharos.model.ConfigSnapshot;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HistoryEndpointTest extends AdminApiTestBase {

  @Test
  void historyListsEveryCommittedVersionNewestFirstWithoutTheTables() {
    givenUpstream("web", "10.0.0.1:80");
    givenRoute("site", "/", "web");
    client.delete("/api/v1/routes/site");

    Reply reply = client.get("/api/v1/config/history");

    assertThat(reply.status()).isEqualTo(200);
    JsonArray items = reply.json().getJsonArray("items");
    assertThat(versions(items)).containsExactly(3L, 2L, 1L);
    JsonObject newest = items.getJsonObject(0);
    assertThat(newest.fieldNames()).containsExactlyInAnyOrder("version", "time", "actor", "summary", "change");
    assertThat(newest.getString("actor")).isEqualTo(AdminConfig.DEFAULT_TOKEN_NAME);
    assertThat(newest.getString("summary")).isEqualTo("delete route site");
    assertThat(newest.getJsonObject("change"))
      .isEqualTo(new JsonObject().put("op", "delete-route").put("id", "site"));
    assertThat(items.getJsonObject(2).getJsonObject("change").getString("op")).isEqualTo("put-upstream");
  }

  @Test
  void limitKeepsOnlyTheNewestVersions() {
    givenUpstream("a", "10.0.0.1:80");
    givenUpstream("b", "10.0.0.2:80");
    givenUpstream("c", "10.0.0.3:80");

    Reply reply = client.get("/api/v1/config/history?limit=2");

    assertThat(versions(reply.json().getJsonArray("items"))).containsExactly(3L, 2L);
  }

  @Test
  void badLimitAnswers400() {
    for (String limit : List.of("0", "-1", "ten", "10001")) {
      Reply reply = client.get("/api/v1/config/history?limit=" + limit);

      assertProblem(reply, 400);
      assertThat(reply.errorFields()).containsExactly("limit");
    }
  }

  @Test
  void oneVersionAnswersItsWholeTableAsGetConfigDid() {
    givenUpstream("web", "10.0.0.1:80");
    givenRoute("site", "/", "web");
    JsonObject exported = client.get("/api/v1/config").json();
    givenUpstream("other", "10.0.0.2:80");

    Reply reply = client.get("/api/v1/config/history/2");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json()).isEqualTo(exported);
  }

  @Test
  void versionNotInTheHistoryAnswers404() {
    givenUpstream("web", "10.0.0.1:80");

    assertProblem(client.get("/api/v1/config/history/2"), 404);
    assertProblem(client.post("/api/v1/config/rollback", new JsonObject().put("version", 2)), 404);
    assertProblem(client.get("/api/v1/config/history/first"), 400);
  }

  @Test
  void rollbackCommitsTheEarlierTableAsTheNextVersion() {
    givenUpstream("web", "10.0.0.1:80");
    givenRoute("site", "/", "web");
    ConfigSnapshot v2 = store.current();
    givenUpstream("api", "10.0.0.2:80");
    givenRoute("site", "/shop", "api");

    Reply reply = client.post("/api/v1/config/rollback", new JsonObject().put("version", 2));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("ETag")).isEqualTo("\"v5\"");
    assertThat(reply.header("X-Config-Version")).isEqualTo("5");
    ConfigSnapshot now = store.current();
    assertThat(now.version()).isEqualTo(5);
    assertThat(now.routes()).isEqualTo(v2.routes());
    assertThat(now.upstreams()).isEqualTo(v2.upstreams());
    assertThat(reply.json()).isEqualTo(now.toJson());
    JsonObject entry = client.get("/api/v1/config/history?limit=1").json().getJsonArray("items").getJsonObject(0);
    assertThat(entry.getLong("version")).isEqualTo(5);
    assertThat(entry.getLong("rollbackOf")).isEqualTo(2);
    assertThat(entry.getString("actor")).isEqualTo(AdminConfig.DEFAULT_TOKEN_NAME);
    assertThat(entry.getString("summary")).isEqualTo("replace all (1 routes, 1 upstreams)");
  }

  @Test
  void rollbackWithAStaleIfMatchAnswers412AndChangesNothing() {
    givenUpstream("web", "10.0.0.1:80");
    givenUpstream("api", "10.0.0.2:80");
    ConfigSnapshot before = store.current();

    Reply reply = client.post("/api/v1/config/rollback", new JsonObject().put("version", 1), "If-Match", "\"v1\"");

    assertProblem(reply, 412);
    assertThat(store.current()).isEqualTo(before);
  }

  @Test
  void rollbackBodyWithoutAVersionOrWithOtherFieldsAnswers400() {
    givenUpstream("web", "10.0.0.1:80");

    Reply wrong = client.post("/api/v1/config/rollback", new JsonObject().put("version", "1").put("force", true));
    Reply missing = client.post("/api/v1/config/rollback", new JsonObject());
    Reply zero = client.post("/api/v1/config/rollback", new JsonObject().put("version", 0));

    assertProblem(wrong, 400);
    assertThat(wrong.errorFields()).containsExactlyInAnyOrder("version", "force");
    assertProblem(missing, 400);
    assertThat(missing.errorFields()).containsExactly("version");
    assertProblem(zero, 400);
    assertThat(store.current().version()).isEqualTo(1);
  }

  @Test
  void versionsBeyondTheHistorySizeAreForgotten() {
    InMemoryConfigStore small = new InMemoryConfigStore(2);
    AdminClient admin = deploy(AdminConfig.of("127.0.0.1", 0, TOKEN), small);
    for (String id : List.of("a", "b", "c")) {
      admin.put("/api/v1/upstreams/" + id, upstream("10.0.0.1:80"));
    }

    assertThat(versions(admin.get("/api/v1/config/history").json().getJsonArray("items"))).containsExactly(3L, 2L);
    assertProblem(admin.post("/api/v1/config/rollback", new JsonObject().put("version", 1)), 404);
  }

  @Test
  void theActorIsTheTokensNameOrAnonymousWithoutAToken() {
    AdminClient named = deploy(new AdminConfig("127.0.0.1", 0, "ci-secret", "ci", AdminConfig.DEFAULT_MAX_BODY_BYTES,
      AdminConfig.DEFAULT_APPLY_WAIT_TIMEOUT), store);
    AdminClient open = deploy(AdminConfig.of("127.0.0.1", 0, null), store);

    named.put("/api/v1/upstreams/web", upstream("10.0.0.1:80"));
    open.put("/api/v1/upstreams/api", upstream("10.0.0.2:80"));

    JsonArray items = client.get("/api/v1/config/history").json().getJsonArray("items");
    assertThat(items.getJsonObject(0).getString("actor")).isEqualTo("anonymous");
    assertThat(items.getJsonObject(1).getString("actor")).isEqualTo("ci");
  }

  private static List<Long> versions(JsonArray items) {
    return items.stream().map(item -> ((JsonObject) item).getLong("version")).toList();
  }
}
