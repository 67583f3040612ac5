package dev.pharos.admin;

import dev.pharos.admin.testing.Reply;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterEndpointTest extends AdminApiTestBase {

  @Test
  void clusterShowsEachMemberAndWhetherItHasAppliedTheCurrentVersion() {
    givenUpstream("web", "10.0.0.1:80");
    givenUpstream("api", "10.0.0.2:80");
    cluster.join("node-b", 1).join("node-a", 2);

    Reply reply = client.get("/api/v1/cluster");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().getLong("version")).isEqualTo(2);
    JsonObject a = reply.json().getJsonArray("members").getJsonObject(0);
    JsonObject b = reply.json().getJsonArray("members").getJsonObject(1);
    assertThat(a.getString("nodeName")).isEqualTo("node-a");
    assertThat(a.getLong("appliedVersion")).isEqualTo(2);
    assertThat(a.getBoolean("upToDate")).isTrue();
    assertThat(a.getBoolean("ready")).isTrue();
    assertThat(a.getString("address")).isEqualTo("node-a:5701");
    assertThat(b.getString("nodeName")).isEqualTo("node-b");
    assertThat(b.getBoolean("upToDate")).isFalse();
  }

  @Test
  void clusterNeedsTheToken() {
    assertProblem(client.withToken(null).get("/api/v1/cluster"), 401);
  }
}
