package dev.pharos.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

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

  @Test
  void readsEveryPolicyAndKeepsTheJsonFormOnARoundTrip() {
    for (LoadBalancing policy : LoadBalancing.values()) {
      JsonObject json = new JsonObject().put("id", "pool").put("loadBalancing", policy.jsonName());
      if (policy == LoadBalancing.CONSISTENT_HASH) {
        json.put("hashOn", "header:X-User");
      }

      Upstream upstream = Upstream.fromJson(json);

      assertThat(upstream.loadBalancing()).isEqualTo(policy);
      assertThat(Upstream.fromJson(upstream.toJson())).isEqualTo(upstream);
    }
  }

  @Test
  void readsTheThreeFormsOfHashOn() {
    JsonObject json = new JsonObject().put("id", "pool").put("loadBalancing", "consistent-hash");

    assertThat(Upstream.fromJson(json.copy().put("hashOn", "ip")).hashOn()).isEqualTo(HashOn.IP);
    assertThat(Upstream.fromJson(json.copy().put("hashOn", "header:X-User")).hashOn())
      .isEqualTo(HashOn.header("x-user"));
    assertThat(Upstream.fromJson(json.copy().put("hashOn", "cookie:Session")).hashOn().jsonName())
      .isEqualTo("cookie:Session");
  }

  @Test
  void consistentHashRequiresHashOn() {
    JsonObject json = new JsonObject().put("id", "pool").put("loadBalancing", "consistent-hash");

    assertThatThrownBy(() -> Upstream.fromJson(json))
      .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors()).containsExactly(
        new FieldError("hashOn",
          "required with loadBalancing consistent-hash (expected: ip, header:NAME or cookie:NAME)")));
    assertThatThrownBy(() -> new Upstream("pool", List.of(), LoadBalancing.CONSISTENT_HASH, null, null, null))
      .isInstanceOfSatisfying(ValidationException.class,
        e -> assertThat(e.errors()).extracting(FieldError::field).containsExactly("hashOn"));
  }

  @Test
  void hashOnIsRefusedWithOtherPolicies() {
    JsonObject json = new JsonObject().put("id", "pool").put("loadBalancing", "least-requests").put("hashOn", "ip");
    JsonObject byDefault = new JsonObject().put("id", "pool").put("hashOn", "ip");

    assertThatThrownBy(() -> Upstream.fromJson(json))
      .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors()).containsExactly(
        new FieldError("hashOn", "only allowed with loadBalancing consistent-hash, not least-requests")));
    assertThatThrownBy(() -> Upstream.fromJson(byDefault))
      .isInstanceOfSatisfying(ValidationException.class,
        e -> assertThat(e.errors()).extracting(FieldError::field).containsExactly("hashOn"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "header", "header:", "header:x user", "query:q", "ip:1", "cookie:a;b", "IP"})
  void malformedHashOnIsNamed(String hashOn) {
    JsonObject json = new JsonObject().put("id", "pool").put("loadBalancing", "consistent-hash").put("hashOn", hashOn);

    assertThatThrownBy(() -> Upstream.fromJson(json))
      .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors()).containsExactly(
        new FieldError("hashOn", "'" + hashOn + "' (expected: ip, header:NAME or cookie:NAME)")));
  }

  @Test
  void stickySessionDefaultsItsFields() {
    Upstream upstream = Upstream.fromJson(new JsonObject().put("id", "pool").put("stickySession", new JsonObject()));

    assertThat(upstream.stickySession()).isEqualTo(StickySession.of("PHAROS_STICKY", 3600));
    assertThat(upstream.toJson().getJsonObject("stickySession"))
      .isEqualTo(new JsonObject().put("cookie", "PHAROS_STICKY").put("ttlSeconds", 3600));
  }

  @Test
  void badStickySessionFieldsAreNamed() {
    JsonObject json = new JsonObject().put("id", "pool").put("stickySession",
      new JsonObject().put("cookie", "my cookie").put("ttlSeconds", 0).put("secure", true));

    assertThatThrownBy(() -> Upstream.fromJson(json))
      .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors()).containsExactlyInAnyOrder(
        new FieldError("stickySession.cookie",
          "'my cookie' is not a cookie name (expected: letters, digits and !#$%&'*+-.^_`|~)"),
        new FieldError("stickySession.ttlSeconds", "0 (expected: 1..34560000)"),
        new FieldError("stickySession.secure", "unknown field")));
    assertThatThrownBy(() -> Upstream.fromJson(new JsonObject().put("id", "pool").put("stickySession", "on")))
      .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors())
        .containsExactly(new FieldError("stickySession", "expected an object")));
  }

  @Test
  void unsetOptionalFieldsStayOutOfTheJsonSoEntityTagsDoNotChange() {
    Upstream plain = Upstream.of("pool", Target.of("10.0.0.1", 80));

    assertThat(plain.toJson().fieldNames()).containsExactlyInAnyOrder("id", "targets", "loadBalancing");
  }

  @Test
  void circuitBreakerRoundTripsAndFillsItsDefaults() {
    Upstream limited = Upstream.of("pool", Target.of("10.0.0.1", 80)).withCircuitBreaker(new CircuitBreaker(10, 0));

    assertThat(Upstream.fromJson(limited.toJson())).isEqualTo(limited);
    assertThat(limited.toJson().getJsonObject("circuitBreaker"))
      .isEqualTo(new JsonObject().put("maxRequests", 10).put("maxPending", 0));
    assertThat(Upstream.fromJson(new JsonObject().put("id", "pool").put("circuitBreaker", new JsonObject()))
      .circuitBreaker()).isEqualTo(new CircuitBreaker(CircuitBreaker.DEFAULT_MAX_REQUESTS,
        CircuitBreaker.DEFAULT_MAX_PENDING));
  }

  @Test
  void circuitBreakerNamesEveryInvalidField() {
    JsonObject json = new JsonObject().put("id", "pool").put("circuitBreaker",
      new JsonObject().put("maxRequests", 0).put("maxPending", -1).put("maxRetries", 3));

    assertThatThrownBy(() -> Upstream.fromJson(json))
      .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors()).extracting(FieldError::field)
        .containsExactlyInAnyOrder("circuitBreaker.maxRequests", "circuitBreaker.maxPending",
          "circuitBreaker.maxRetries"));
  }
}
