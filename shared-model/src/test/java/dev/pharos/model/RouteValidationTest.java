package dev.pharos.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouteValidationTest {

  @Test
  void defaultsFillEveryOptionalField() {
    Route route = Route.fromJson(new JsonObject().put("id", "web").put("upstream", "pool"));

    assertThat(route.hosts()).isEmpty();
    assertThat(route.pathPrefix()).isEqualTo("/");
    assertThat(route.methods()).isEmpty();
    assertThat(route.stripPrefix()).isFalse();
    assertThat(route.timeouts()).isEqualTo(Timeouts.DEFAULTS);
  }

  @Test
  void hostsAreLowerCasedAndMethodsUpperCasedSortedAndDeduplicated() {
    Route route = Route.fromJson(new JsonObject().put("id", "web").put("upstream", "pool")
      .put("hosts", new JsonArray().add("B.Example").add("*.A.example").add("b.example"))
      .put("methods", new JsonArray().add("post").add("GET").add("get")));

    assertThat(route.hosts()).containsExactly("*.a.example", "b.example");
    assertThat(route.methods()).containsExactly("GET", "POST");
  }

  @Test
  void everyProblemIsReportedWithItsField() {
    JsonObject json = new JsonObject()
      .put("id", "bad id!")
      .put("hosts", new JsonArray().add("a.example:8080").add("*.").add(7))
      .put("pathPrefix", "api")
      .put("methods", new JsonArray().add("FETCH"))
      .put("stripPrefix", "yes")
      .put("timeouts", new JsonObject().put("connectMs", 0))
      .put("colour", "blue");

    assertThatThrownBy(() -> Route.fromJson(json))
      .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors()).extracting(FieldError::field)
        .containsExactlyInAnyOrder("id", "hosts[2]", "upstream", "stripPrefix", "timeouts.connectMs", "colour",
          "hosts[0]", "hosts[1]", "pathPrefix", "methods[0]"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/a/../b", "/a/./b", "//a", "/a?b", "/a#b", "/a b", "/%zz"})
  void pathPrefixMustBeANormalisedPath(String prefix) {
    JsonObject json = new JsonObject().put("id", "r").put("upstream", "u").put("pathPrefix", prefix);

    assertThatThrownBy(() -> Route.fromJson(json))
      .isInstanceOfSatisfying(ValidationException.class,
        e -> assertThat(e.errors()).extracting(FieldError::field).containsExactly("pathPrefix"));
  }

  @Test
  void jsonRoundTripKeepsTheRouteAndItsEtag() {
    Route route = new Route("api", List.of("api.example"), "/v1", List.of("GET"), "pool", true,
      new Timeouts(100, 200));

    Route back = Route.fromJson(route.toJson());

    assertThat(back).isEqualTo(route);
    assertThat(back.etag()).isEqualTo(route.etag()).startsWith("\"").endsWith("\"");
    assertThat(Route.of("api", "api.example", "/v2", "pool").etag()).isNotEqualTo(route.etag());
  }

  @Test
  void maxBodyBytesIsOmittedUntilSetSoExistingEtagsStay() {
    Route route = Route.of("api", "api.example", "/", "pool");

    Route limited = route.withMaxBodyBytes(1024);

    assertThat(route.toJson().containsKey("maxBodyBytes")).isFalse();
    assertThat(route.maxBodyBytes()).isNull();
    assertThat(limited.toJson().getLong("maxBodyBytes")).isEqualTo(1024L);
    assertThat(Route.fromJson(limited.toJson())).isEqualTo(limited);
    assertThat(limited.etag()).isNotEqualTo(route.etag());
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "1099511627777", "1.5", "\"10\""})
  void maxBodyBytesMustBeAPositiveIntegerUpTo1TiB(String value) {
    JsonObject json = new JsonObject("{\"id\":\"api\",\"upstream\":\"pool\",\"maxBodyBytes\":" + value + "}");

    assertThatThrownBy(() -> Route.fromJson(json))
      .isInstanceOfSatisfying(ValidationException.class,
        e -> assertThat(e.errors()).extracting(FieldError::field).containsExactly("maxBodyBytes"));
  }

  @Test
  void retriesAreOmittedUntilSetSoExistingEtagsStay() {
    Route route = Route.of("api", "api.example", "/", "pool");

    Route retried = route.withRetries(new Retries(1, List.of("503", "connect-failure"), 10));

    assertThat(route.toJson().containsKey("retries")).isFalse();
    assertThat(route.retryPolicy()).isEqualTo(Retries.DEFAULTS);
    assertThat(retried.toJson().getJsonObject("retries")).isEqualTo(new JsonObject(
      "{\"attempts\":1,\"on\":[\"503\",\"connect-failure\"],\"budgetPercent\":10}"));
    assertThat(Route.fromJson(retried.toJson())).isEqualTo(retried);
    assertThat(retried.etag()).isNotEqualTo(route.etag());
  }

  @Test
  void retriesFillTheirDefaults() {
    Route route = Route.fromJson(new JsonObject("{\"id\":\"api\",\"upstream\":\"pool\",\"retries\":{}}"));

    assertThat(route.retries()).isEqualTo(Retries.DEFAULTS);
  }

  @Test
  void retriesNameEveryInvalidField() {
    JsonObject json = new JsonObject("{\"id\":\"api\",\"upstream\":\"pool\",\"retries\":"
      + "{\"attempts\":11,\"on\":[\"reset\",\"500\"],\"budgetPercent\":101,\"delay\":1}}");

    assertThatThrownBy(() -> Route.fromJson(json))
      .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors()).extracting(FieldError::field)
        .containsExactlyInAnyOrder("retries.attempts", "retries.on[1]", "retries.budgetPercent", "retries.delay"));
  }
}
