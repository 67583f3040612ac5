package dev.pharos.model;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutlierDetectionTest {

  private static JsonObject upstream(JsonObject outlierDetection) {
    return new JsonObject().put("id", "pool").put("outlierDetection", outlierDetection);
  }

  @Test
  void anEmptyObjectTakesTheDefaults() {
    assertThat(Upstream.fromJson(upstream(new JsonObject())).outlierDetection())
      .isEqualTo(new OutlierDetection(5, 5, 30_000, 300_000));
  }

  @Test
  void anUpstreamWithoutItEjectsNothingAndKeepsItsJsonForm() {
    Upstream upstream = Upstream.fromJson(new JsonObject().put("id", "pool"));

    assertThat(upstream.outlierDetection()).isNull();
    assertThat(upstream.toJson().containsKey("outlierDetection")).isFalse();
  }

  @Test
  void keepsEveryFieldOnARoundTrip() {
    JsonObject json = new JsonObject().put("consecutiveFailures", 0).put("consecutive5xx", 3)
      .put("baseEjectionMs", 500).put("maxEjectionMs", 4_000);

    Upstream upstream = Upstream.fromJson(upstream(json));

    assertThat(upstream.toJson().getJsonObject("outlierDetection")).isEqualTo(json);
    assertThat(Upstream.fromJson(upstream.toJson())).isEqualTo(upstream);
  }

  @Test
  void aBaseAboveTheDefaultMaximumRaisesTheMaximumToIt() {
    JsonObject json = new JsonObject().put("baseEjectionMs", 600_000);

    assertThat(Upstream.fromJson(upstream(json)).outlierDetection().maxEjectionMs()).isEqualTo(600_000);
  }

  @Test
  void namesEveryBadField() {
    JsonObject json = new JsonObject().put("consecutiveFailures", -1).put("consecutive5xx", 1_001)
      .put("baseEjectionMs", 0).put("interval", 5);

    assertThatThrownBy(() -> Upstream.fromJson(upstream(json)))
      .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors()).extracting(FieldError::field)
        .containsExactlyInAnyOrder("outlierDetection.consecutiveFailures", "outlierDetection.consecutive5xx",
          "outlierDetection.baseEjectionMs", "outlierDetection.interval"));
  }

  @Test
  void refusesAMaximumBelowTheBase() {
    JsonObject json = new JsonObject().put("baseEjectionMs", 2_000).put("maxEjectionMs", 1_000);

    assertThatThrownBy(() -> Upstream.fromJson(upstream(json)))
      .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors())
        .containsExactly(new FieldError("outlierDetection.maxEjectionMs",
          "1000 (expected: baseEjectionMs..3600000, 2000..3600000)")));
  }

  @Test
  void theBackOffDoublesOnEachEjectionUpToTheMaximum() {
    OutlierDetection settings = new OutlierDetection(5, 5, 1_000, 5_000);

    assertThat(settings.ejectionMs(1)).isEqualTo(1_000);
    assertThat(settings.ejectionMs(2)).isEqualTo(2_000);
    assertThat(settings.ejectionMs(3)).isEqualTo(4_000);
    assertThat(settings.ejectionMs(4)).isEqualTo(5_000);
    assertThat(settings.ejectionMs(100)).isEqualTo(5_000);
  }

  @Test
  void anEjectionSoonAfterTheLastLastsLongerAndOneLongAfterStartsOver() {
    OutlierDetection settings = new OutlierDetection(5, 5, 1_000, 5_000);
    TargetEjection first = TargetEjection.next(null, "a:80", 10_000, "5xx", "n1", settings);

    TargetEjection soon = TargetEjection.next(first, "a:80", first.until() + 5_000, "5xx", "n2", settings);
    TargetEjection late = TargetEjection.next(first, "a:80", first.until() + 5_001, "5xx", "n2", settings);

    assertThat(first).isEqualTo(new TargetEjection("a:80", 1, 10_000, 11_000, "5xx", "n1"));
    assertThat(soon.count()).isEqualTo(2);
    assertThat(soon.until() - soon.ejectedAt()).isEqualTo(2_000);
    assertThat(late.count()).isEqualTo(1);
    assertThat(TargetEjection.fromJson(soon.toJson())).isEqualTo(soon);
    assertThat(soon.isActive(soon.until() - 1)).isTrue();
    assertThat(soon.isActive(soon.until())).isFalse();
  }
}
