package dev.pharos.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UpstreamValidationTest {

  @Test
  void targetsDefaultToWeightOneAndRoundRobin() {
    Upstream upstream = Upstream.fromJson(new JsonObject().put("id", "pool").put("targets", new JsonArray()
      .add(new JsonObject().put("host", "Backend.Local").put("port", 8080))));

    assertThat(upstream.targets()).containsExactly(new Target("backend.local", 8080, 1));
    assertThat(upstream.loadBalancing()).isEqualTo(LoadBalancing.ROUND_ROBIN);
  }

  @Test
  void badTargetsAreNamedByIndex() {
    JsonObject json = new JsonObject().put("id", "pool").put("targets", new JsonArray()
      .add(new JsonObject().put("host", "a.local").put("port", 0))
      .add(new JsonObject().put("host", "not a host").put("port", 80).put("weight", 1001))
      .add(new JsonObject().put("port", 80))
      .add("a.local:80"));

    assertThatThrownBy(() -> Upstream.fromJson(json))
      .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors())
        .containsExactlyInAnyOrder(
          new FieldError("targets[0].port", "0 (expected: 1..65535)"),
          new FieldError("targets[1].host", "'not a host' is not a host name or IP address"),
          new FieldError("targets[1].weight", "1001 (expected: 0..1000)"),
          new FieldError("targets[2].host", "required"),
          new FieldError("targets[3]", "expected an object")));
  }

  @Test
  void duplicateTargetsAndUnknownBalancingAreRefused() {
    JsonObject target = new JsonObject().put("host", "a.local").put("port", 80);
    JsonObject json = new JsonObject().put("id", "pool").put("loadBalancing", "fastest")
      .put("targets", new JsonArray().add(target).add(target.copy()));

    assertThatThrownBy(() -> Upstream.fromJson(json))
      .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors()).extracting(FieldError::field)
        .containsExactlyInAnyOrder("targets[1]", "loadBalancing"));
  }

  @Test
  void anUpstreamMayHaveNoTargets() {
    assertThat(Upstream.fromJson(new JsonObject().put("id", "empty")).targets()).isEmpty();
  }
}
