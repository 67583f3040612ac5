package dev.pharos.model;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The route's HTTPS and WebSocket fields and the upstream's protocol: strict, optional, and absent when unset. */
class ProtocolFieldsTest {

  @Test
  void routeJsonWithoutTheFieldsKeepsItsFormAndDefaults() {
    Route route = Route.of("site", "www.example.com", "/", "web");

    assertThat(route.toJson().fieldNames()).doesNotContain("httpsRedirect", "hsts", "webSocketIdleTimeoutMs");
    assertThat(Route.fromJson(route.toJson())).isEqualTo(route);
    assertThat(route.httpsRedirect()).isFalse();
    assertThat(route.hsts()).isNull();
  }

  @Test
  void routeFieldsSurviveARoundTrip() {
    JsonObject json = Route.of("site", "www.example.com", "/", "web").toJson()
      .put("httpsRedirect", true)
      .put("hsts", new JsonObject().put("maxAgeSeconds", 31536000).put("includeSubDomains", true))
      .put("webSocketIdleTimeoutMs", 30000);

    Route route = Route.fromJson(json);

    assertThat(route.httpsRedirect()).isTrue();
    assertThat(route.hsts()).isEqualTo(new Hsts(31536000, true, false));
    assertThat(route.hsts().headerValue()).isEqualTo("max-age=31536000; includeSubDomains");
    assertThat(route.webSocketIdleTimeoutMs()).isEqualTo(30000L);
    assertThat(Route.fromJson(route.toJson())).isEqualTo(route);
  }

  @Test
  void badRouteFieldsAreNamed() {
    JsonObject json = Route.of("site", "www.example.com", "/", "web").toJson()
      .put("httpsRedirect", "yes")
      .put("hsts", new JsonObject().put("includeSubDomains", true).put("maxage", 1))
      .put("webSocketIdleTimeoutMs", 0);

    assertThatThrownBy(() -> Route.fromJson(json))
      .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors()).extracting(FieldError::field)
        .containsExactlyInAnyOrder("httpsRedirect", "hsts.maxAgeSeconds", "hsts.maxage", "webSocketIdleTimeoutMs"));
  }

  @Test
  void upstreamProtocolDefaultsToHttp11AndIsOmittedThen() {
    Upstream upstream = Upstream.fromJson(new JsonObject().put("id", "pool"));

    assertThat(upstream.protocol()).isEqualTo(UpstreamProtocol.HTTP_1_1);
    assertThat(upstream.toJson().fieldNames()).doesNotContain("protocol");
  }

  @Test
  void upstreamProtocolIsReadStrictly() {
    assertThat(Upstream.fromJson(new JsonObject().put("id", "pool").put("protocol", "h2c")).protocol())
      .isEqualTo(UpstreamProtocol.H2C);
    assertThat(Upstream.fromJson(new JsonObject().put("id", "pool").put("protocol", "h2")).toJson()
      .getString("protocol")).isEqualTo("h2");
    assertThatThrownBy(() -> Upstream.fromJson(new JsonObject().put("id", "pool").put("protocol", "HTTP/2")))
      .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors())
        .containsExactly(new FieldError("protocol", "'HTTP/2' (expected one of: http/1.1, h2c, h2)")));
  }
}
