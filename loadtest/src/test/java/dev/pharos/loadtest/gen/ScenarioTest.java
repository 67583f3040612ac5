package dev.pharos.loadtest.gen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScenarioTest {

  @Test
  void sendsTheScenarioMixByWeight() throws Exception {
    Scenario scenario = Scenario.parse(new JsonObject("""
        {"requests": [
          {"weight": 3, "path": "/small", "host": "a.example"},
          {"weight": 1, "method": "POST", "path": "/upload", "host": "b.example", "bodyBytes": 65536}]}
        """));
    try (TestOrigin origin = TestOrigin.delaying(0)) {
      LoadSettings settings = TestSettings.to(origin.uri()).rate(400).connections(4).duration(Duration.ofSeconds(1))
          .headers(Map.of("Host", "ignored.example")).scenario(scenario).build();

      RunResult result = new LoadRun(settings).run(log -> {});

      assertThat(result.errorCount()).isZero();
      assertThat(origin.requests()).hasSize(400).containsOnly("HTTP_1_1 GET /small a.example 0",
          "HTTP_1_1 POST /upload b.example 65536");
      long uploads = origin.requests().stream().filter(r -> r.contains("POST")).count();
      // 100 expected; ±50 is almost six standard deviations of this binomial, so the check does not flake.
      assertThat(uploads).isBetween(50L, 150L);
    }
  }

  @Test
  void rejectsAFileWithoutRequestsAndAWeightBelowOne() {
    assertThatThrownBy(() -> Scenario.parse(new JsonObject("{}"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Scenario.parse(new JsonObject("{\"requests\": [{\"weight\": 0}]}")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
