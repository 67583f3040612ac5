package dev.pharos.model;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CachePolicyTest {

  @Test
  void routeWithoutCacheDoesNotCacheAndKeepsItsJson() {
    Route route = Route.fromJson(new JsonObject("{\"id\":\"api\",\"upstream\":\"pool\"}"));

    assertThat(route.cache()).isNull();
    assertThat(route.caches()).isFalse();
    assertThat(route.toJson().containsKey("cache")).isFalse();
  }

  @Test
  void emptyCacheObjectEnablesTheDefaultsWithHeuristicsOff() {
    Route route = Route.fromJson(new JsonObject("{\"id\":\"api\",\"upstream\":\"pool\",\"cache\":{}}"));

    assertThat(route.cache()).isEqualTo(CachePolicy.DEFAULTS);
    assertThat(route.caches()).isTrue();
    assertThat(route.cache().defaultTtlMs()).isNull();
    assertThat(Route.fromJson(route.toJson())).isEqualTo(route);
  }

  @Test
  void everyFieldIsReadAndRoundTrips() {
    Route route = Route.fromJson(new JsonObject("{\"id\":\"api\",\"upstream\":\"pool\",\"cache\":{\"enabled\":false,"
      + "\"defaultTtlMs\":5000,\"maxObjectBytes\":2048,\"query\":\"sort\",\"keyHeaders\":[\"X-Tenant\",\"x-tenant\"],"
      + "\"allowSetCookie\":true}}"));

    assertThat(route.cache()).isEqualTo(new CachePolicy(false, 5000L, 2048, "sort", java.util.List.of("x-tenant"),
      true));
    assertThat(route.caches()).isFalse();
    assertThat(Route.fromJson(route.toJson())).isEqualTo(route);
  }

  @Test
  void everyInvalidFieldIsNamed() {
    JsonObject json = new JsonObject("{\"id\":\"api\",\"upstream\":\"pool\",\"cache\":{\"enabled\":\"yes\","
      + "\"defaultTtlMs\":0,\"maxObjectBytes\":-1,\"query\":\"drop\",\"keyHeaders\":[\"bad header\"],"
      + "\"ttl\":1}}");

    assertThatThrownBy(() -> Route.fromJson(json))
      .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors()).extracting(FieldError::field)
        .containsExactlyInAnyOrder("cache.enabled", "cache.defaultTtlMs", "cache.maxObjectBytes", "cache.ttl"));
    JsonObject second = new JsonObject("{\"id\":\"api\",\"upstream\":\"pool\",\"cache\":{\"query\":\"drop\","
      + "\"keyHeaders\":[\"bad header\"]}}");
    assertThatThrownBy(() -> Route.fromJson(second))
      .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors()).extracting(FieldError::field)
        .containsExactlyInAnyOrder("cache.query", "cache.keyHeaders[0]"));
    assertThatThrownBy(() -> Route.fromJson(new JsonObject("{\"id\":\"api\",\"upstream\":\"pool\",\"cache\":true}")))
      .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors()).extracting(FieldError::field)
        .containsExactly("cache"));
  }
}
