package dev.pharos.admin;

import dev.pharos.admin.testing.Reply;
import dev.pharos.model.TargetEjection;
import dev.pharos.model.TargetStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HealthEndpointTest extends AdminApiTestBase {

  private static final TargetStatus DOWN = new TargetStatus("10.0.0.2:80", false, 1000, 1500, "Connection refused",
    "node-b", "Connection refused");
  private static final TargetStatus UP = new TargetStatus("10.0.0.1:80", true, 900, 1400, "200", "node-a", null);

  @Test
  void showsEachTargetWithItsStateProberAndReason() {
    givenUpstream("web", "10.0.0.1:80", "10.0.0.2:80", "10.0.0.3:80");
    targetHealth.set(Map.of(UP.address(), UP, DOWN.address(), DOWN));

    Reply reply = client.get("/api/v1/health");

    assertThat(reply.status()).isEqualTo(200);
    JsonObject web = reply.json().getJsonArray("upstreams").getJsonObject(0);
    assertThat(web.getString("id")).isEqualTo("web");
    assertThat(web.getBoolean("panic")).isFalse();
    JsonArray targets = web.getJsonArray("targets");
    assertThat(targets.getJsonObject(0)).isEqualTo(new JsonObject().put("address", "10.0.0.1:80").put("weight", 1)
      .put("state", "healthy").put("since", 900).put("probedAt", 1400).put("lastResult", "200")
      .put("prober", "node-a").put("reason", null).put("ejection", null));
    assertThat(targets.getJsonObject(1).getString("state")).isEqualTo("unhealthy");
    assertThat(targets.getJsonObject(1).getString("reason")).isEqualTo("Connection refused");
    assertThat(targets.getJsonObject(1).getString("prober")).isEqualTo("node-b");
    assertThat(targets.getJsonObject(2).getString("state")).isEqualTo("unknown");
  }

  @Test
  void anUpstreamWithMoreThanHalfItsTargetsUnhealthyIsInPanic() {
    givenUpstream("web", "10.0.0.2:80", "10.0.0.4:80");
    TargetStatus alsoDown = new TargetStatus("10.0.0.4:80", false, 1000, 1500, "status 500 (expected: 200-399)",
      "node-a", "status 500 (expected: 200-399)");
    targetHealth.set(Map.of(DOWN.address(), DOWN, alsoDown.address(), alsoDown));

    JsonObject web = client.get("/api/v1/health").json().getJsonArray("upstreams").getJsonObject(0);

    assertThat(web.getBoolean("panic")).isTrue();
  }

  @Test
  void healthNeedsTheToken() {
    assertProblem(client.withToken(null).get("/api/v1/health"), 401);
  }

  @Test
  void aProbedHealthyTargetEjectedByPassiveHealthShowsWhyAndCountsTowardsPanic() {
    givenUpstream("web", "10.0.0.1:80", "10.0.0.2:80");
    long until = System.currentTimeMillis() + 60_000;
    targetHealth.set(Map.of(UP.address(), UP, DOWN.address(), DOWN));
    ejections.set(Map.of(UP.address(), new TargetEjection(UP.address(), 2, 5000, until,
      "5 failures in a row, last: Connection refused", "node-c")));

    JsonObject web = client.get("/api/v1/health").json().getJsonArray("upstreams").getJsonObject(0);

    JsonObject ejected = web.getJsonArray("targets").getJsonObject(0);
    assertThat(ejected.getString("state")).isEqualTo("ejected");
    assertThat(ejected.getString("reason")).isEqualTo("5 failures in a row, last: Connection refused");
    assertThat(ejected.getLong("since")).isEqualTo(5000);
    assertThat(ejected.getJsonObject("ejection")).isEqualTo(new JsonObject().put("active", true).put("count", 2)
      .put("ejectedAt", 5000).put("until", until).put("reason", "5 failures in a row, last: Connection refused")
      .put("node", "node-c"));
    assertThat(web.getBoolean("panic")).isTrue();
  }

  @Test
  void anEndedEjectionIsShownButNoLongerChangesTheState() {
    givenUpstream("web", "10.0.0.1:80");
    targetHealth.set(Map.of(UP.address(), UP));
    ejections.set(Map.of(UP.address(), new TargetEjection(UP.address(), 1, 5000, 6000, "5 answers 5xx in a row",
      "node-c")));

    JsonObject target = client.get("/api/v1/health").json().getJsonArray("upstreams").getJsonObject(0)
      .getJsonArray("targets").getJsonObject(0);

    assertThat(target.getString("state")).isEqualTo("healthy");
    assertThat(target.getString("reason")).isNull();
    assertThat(target.getJsonObject("ejection").getBoolean("active")).isFalse();
  }
}
