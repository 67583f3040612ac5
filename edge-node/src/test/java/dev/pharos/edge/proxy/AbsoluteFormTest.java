package dev.pharos.edge.proxy;

import dev.pharos.edge.testing.TestBackend;
import dev.pharos.edge.testing.TestSockets;
import dev.pharos.model.Route;
import dev.pharos.model.Upstream;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** An absolute-form target is routed by its own authority, never by Host, and never to a host without a route. */
@ExtendWith(VertxExtension.class)
@Timeout(30)
class AbsoluteFormTest {

  private TestBackend app;
  private TestBackend other;
  private TestEdge edge;

  @BeforeEach
  void start(Vertx vertx) {
    app = TestBackend.start(vertx, "app");
    other = TestBackend.start(vertx, "other");
    Upstream appUpstream = Upstream.of("app", app.target());
    Upstream otherUpstream = Upstream.of("other", other.target());
    edge = TestEdge.start(vertx, 1).routes(
      List.of(Route.of("app", "app.test", "/", "app"), Route.of("other", "other.test", "/", "other")),
      List.of(appUpstream, otherUpstream));
  }

  @Test
  void isRoutedByItsAuthorityRatherThanHost() {
    String response = TestSockets.exchange(edge.port(),
      "GET http://APP.test/a/../b?q=1 HTTP/1.1\r\nHost: other.test\r\nConnection: close\r\n\r\n");

    assertThat(response).startsWith("HTTP/1.1 200 OK\r\n").endsWith("app");
    assertThat(other.received()).isEmpty();
    assertThat(app.onlyRequest().uri()).isEqualTo("/b?q=1");
    assertThat(app.onlyRequest().header("host")).isEqualTo("APP.test");
    assertThat(app.onlyRequest().headers().getAll("x-forwarded-host")).containsExactly("APP.test");
  }

  @Test
  void withoutPathIsRoutedToTheRoot() {
    String response = TestSockets.exchange(edge.port(),
      "GET http://app.test?q HTTP/1.1\r\nHost: app.test\r\nConnection: close\r\n\r\n");

    assertThat(response).startsWith("HTTP/1.1 200 OK\r\n");
    assertThat(app.onlyRequest().uri()).isEqualTo("/?q");
  }

  @Test
  void namingAnUnroutedHostIsNotProxied() {
    String toBackendItself = "http://" + app.target().host() + ":" + app.target().port() + "/";

    String response = TestSockets.exchange(edge.port(),
      "GET " + toBackendItself + " HTTP/1.1\r\nHost: app.test\r\nConnection: close\r\n\r\n");

    assertThat(response).startsWith("HTTP/1.1 404 Not Found\r\n");
    assertThat(app.received()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://app.test/", "http://user@app.test/", "http://app.test:x/", "http:///", "http://:80/"})
  void withAnotherSchemeUserInfoOrABadAuthorityAnswers400(String target) {
    String response = TestSockets.exchange(edge.port(),
      "GET " + target + " HTTP/1.1\r\nHost: app.test\r\nConnection: close\r\n\r\n");

    assertThat(response).startsWith("HTTP/1.1 400 Bad Request\r\n");
    assertThat(app.received()).isEmpty();
  }
}
