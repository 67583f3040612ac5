package dev.pharos.model;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HealthCheckTest {

  private static JsonObject upstream(JsonObject healthCheck) {
    return new JsonObject().put("id", "pool").put("healthCheck", healthCheck);
  }

  @Test
  void anEmptyHealthCheckTakesTheDefaults() {
    HealthCheck check = Upstream.fromJson(upstream(new JsonObject())).healthCheck();

    assertThat(check).isEqualTo(new HealthCheck("/", 5_000, 2_000, 2, 3, 200, 399, 50));
  }

  @Test
  void anUpstreamWithoutHealthCheckIsNotProbedAndKeepsItsJsonForm() {
    Upstream upstream = Upstream.fromJson(new JsonObject().put("id", "pool"));

    assertThat(upstream.healthCheck()).isNull();
    assertThat(upstream.toJson().containsKey("healthCheck")).isFalse();
  }

  @Test
  void keepsEveryFieldOnARoundTrip() {
    JsonObject json = new JsonObject().put("path", "/status?deep=1").put("intervalMs", 1000).put("timeoutMs", 300)
      .put("healthyThreshold", 1).put("unhealthyThreshold", 4).put("expectedStatus", "204")
      .put("panicThresholdPercent", 0);

    Upstream upstream = Upstream.fromJson(upstream(json));

    assertThat(upstream.healthCheck().isExpected(204)).isTrue();
    assertThat(upstream.healthCheck().isExpected(200)).isFalse();
    assertThat(upstream.toJson().getJsonObject("healthCheck")).isEqualTo(json);
    assertThat(Upstream.fromJson(upstream.toJson())).isEqualTo(upstream);
  }

  @Test
  void namesEveryBadField() {
    JsonObject json = new JsonObject().put("path", "status").put("intervalMs", 10).put("timeoutMs", 0)
      .put("healthyThreshold", 0).put("unhealthyThreshold", 101).put("expectedStatus", "2xx")
      .put("panicThresholdPercent", 101).put("port", 81);

    assertThatThrownBy(() -> Upstream.fromJson(upstream(json)))
      .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors()).extracting(FieldError::field)
        .containsExactlyInAnyOrder("healthCheck.intervalMs", "healthCheck.timeoutMs", "healthCheck.healthyThreshold",
          "healthCheck.unhealthyThreshold", "healthCheck.panicThresholdPercent", "healthCheck.port"));
  }

  @Test
  void refusesABadPathARangeUpsideDownAndATimeoutLongerThanTheInterval() {
    JsonObject json = new JsonObject().put("path", "/a b").put("intervalMs", 100).put("timeoutMs", 200)
      .put("expectedStatus", "399-200");

    assertThatThrownBy(() -> Upstream.fromJson(upstream(json)))
      .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors()).containsExactlyInAnyOrder(
        new FieldError("healthCheck.path", "'/a b' (expected: an absolute path of visible ASCII, without #)"),
        new FieldError("healthCheck.timeoutMs", "200 (expected: 1..intervalMs, 100)"),
        new FieldError("healthCheck.expectedStatus", "399-200 (expected: " + HealthCheck.STATUS_RULE + ")")));
  }

  @Test
  void panicsOnlyWhenMoreThanTheThresholdIsUnhealthy() {
    HealthCheck check = HealthCheck.of("/", 1000);

    assertThat(check.isPanic(1, 2)).isFalse();
    assertThat(check.isPanic(2, 3)).isTrue();
    assertThat(check.isPanic(0, 0)).isFalse();
  }
}
