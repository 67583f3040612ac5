package dev.pharos.model;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateLimitValidationTest {

  private static Route parse(String rateLimit) {
    return Route.fromJson(new JsonObject("{\"id\":\"r\",\"upstream\":\"u\",\"rateLimit\":" + rateLimit + "}"));
  }

  private static ValidationException invalid(String rateLimit) {
    try {
      parse(rateLimit);
    } catch (ValidationException e) {
      return e;
    }
    throw new AssertionError("accepted " + rateLimit);
  }

  @Test
  void parsesSeveralLimitsWithDefaults() {
    Route route = parse("{\"limits\":[{\"requests\":10,\"per\":\"second\"},"
      + "{\"name\":\"daily-ish\",\"requests\":1000,\"per\":\"hour\",\"burst\":50,"
      + "\"key\":[\"ip\",\"header:X-Api-Key\"],\"mode\":\"exact\"}]}");

    RateLimitRule first = route.rateLimit().limits().get(0);
    assertThat(first.name()).isEqualTo("10-per-second");
    assertThat(first.burst()).isEqualTo(10);
    assertThat(first.key()).containsExactly(RateLimitKey.IP);
    assertThat(first.mode()).isEqualTo(RateLimitRule.Mode.SHARED);
    RateLimitRule second = route.rateLimit().limits().get(1);
    assertThat(second.key()).containsExactly(RateLimitKey.IP, RateLimitKey.header("x-api-key"));
    assertThat(second.mode()).isEqualTo(RateLimitRule.Mode.EXACT);
    assertThat(second.ratePerSecond()).isEqualTo(1000 / 3600.0);
  }

  @Test
  void roundTripsThroughJson() {
    Route route = parse("{\"limits\":[{\"requests\":5,\"per\":\"minute\",\"key\":[\"route\"]}]}");
    assertThat(Route.fromJson(route.toJson())).isEqualTo(route);
  }

  @Test
  void routeWithoutRateLimitKeepsItsJsonAndETag() {
    Route route = Route.of("r", "a.example", "/", "u");
    assertThat(route.toJson().containsKey("rateLimit")).isFalse();
    assertThat(Route.fromJson(route.toJson()).rateLimit()).isNull();
  }

  @Test
  void namesEveryProblemByItsPath() {
    ValidationException e = invalid("{\"limits\":[{\"requests\":0,\"per\":\"day\",\"burst\":-1,"
      + "\"key\":[\"cookie:a\",\"ip\",\"ip\"],\"mode\":\"fast\",\"colour\":1},{\"per\":\"second\"}]}");
    assertThat(e.errors()).extracting(FieldError::field).containsExactlyInAnyOrder(
      "rateLimit.limits[0].requests", "rateLimit.limits[0].per", "rateLimit.limits[0].burst",
      "rateLimit.limits[0].key[0]", "rateLimit.limits[0].key[2]", "rateLimit.limits[0].mode",
      "rateLimit.limits[0].colour", "rateLimit.limits[1].requests");
  }

  @Test
  void refusesEmptyOrTooManyLimitsAndDuplicateNames() {
    assertThat(invalid("{\"limits\":[]}").errors()).extracting(FieldError::field)
      .containsExactly("rateLimit.limits");
    assertThat(invalid("{}").errors()).extracting(FieldError::field).containsExactly("rateLimit.limits");
    assertThat(invalid("{\"limits\":[{\"requests\":1,\"per\":\"second\"},{\"requests\":1,\"per\":\"second\","
      + "\"key\":[\"route\"]}]}").errors()).extracting(FieldError::field).containsExactly("rateLimit.limits[1].name");
    assertThat(invalid("{\"limits\":[{\"requests\":1,\"per\":\"second\",\"key\":[]}]}").errors())
      .extracting(FieldError::field).containsExactly("rateLimit.limits[0].key");
    assertThat(invalid("[1]").errors()).extracting(FieldError::field).containsExactly("rateLimit");
  }

  @Test
  void recordRefusesInvalidValues() {
    assertThatThrownBy(() -> RateLimitRule.of(0, RateLimitRule.Period.SECOND))
      .isInstanceOf(ValidationException.class).hasMessageContaining("requests");
    assertThatThrownBy(() -> RateLimitRule.of(1, RateLimitRule.Period.SECOND).withName("bad name"))
      .isInstanceOf(ValidationException.class).hasMessageContaining("name");
    assertThatThrownBy(() -> RateLimit.of(RateLimitRule.of(1, RateLimitRule.Period.SECOND),
      RateLimitRule.of(1, RateLimitRule.Period.SECOND))).isInstanceOf(ValidationException.class);
  }
}
