package dev.pharos.model;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimeoutsTest {

  private static Route route(JsonObject timeouts) {
    return Route.fromJson(new JsonObject().put("id", "site").put("upstream", "web").put("timeouts", timeouts));
  }

  @Test
  void theIdleTimeoutIsTheResponseTimeoutUnlessSetAndIsLeftOutThen() {
    Route route = route(new JsonObject().put("connectMs", 100).put("responseMs", 2_000));

    assertThat(route.timeouts()).isEqualTo(new Timeouts(100, 2_000, 2_000));
    assertThat(route.toJson().getJsonObject("timeouts"))
      .isEqualTo(new JsonObject().put("connectMs", 100).put("responseMs", 2_000));
  }

  @Test
  void keepsADifferentIdleTimeoutOnARoundTrip() {
    JsonObject json = new JsonObject().put("connectMs", 100).put("responseMs", 2_000).put("idleMs", 300);

    Route route = route(json);

    assertThat(route.timeouts().idleMs()).isEqualTo(300);
    assertThat(route.toJson().getJsonObject("timeouts")).isEqualTo(json);
    assertThat(Route.fromJson(route.toJson())).isEqualTo(route);
  }

  @Test
  void refusesAnIdleTimeoutOutOfRange() {
    assertThatThrownBy(() -> route(new JsonObject().put("idleMs", 0)))
      .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors()).extracting(FieldError::field)
        .containsExactly("timeouts.idleMs"));
  }
}
