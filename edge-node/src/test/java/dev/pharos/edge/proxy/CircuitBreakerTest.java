package dev.pharos.edge.proxy;

import dev.pharos.edge.testing.TestBackend;
import dev.pharos.edge.testing.TestClient.Reply;
import dev.pharos.model.CircuitBreaker;
import dev.pharos.model.Retries;
import dev.pharos.model.Route;
import dev.pharos.model.Timeouts;
import dev.pharos.model.Upstream;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(VertxExtension.class)
@Timeout(30)
class CircuitBreakerTest {

  private static final String HOST = "app.test";

  private static void assertOverLimit(Reply reply) {
    assertThat(reply.status()).isEqualTo(503);
    assertThat(reply.header("retry-after")).isEqualTo("1");
    assertThat(reply.body()).isEqualTo("503 upstream target over its limit\n");
  }

  @Test
  void answers503WithRetryAfterWhileTheTargetHasMaxRequestsInFlight(Vertx vertx) {
    TestBackend silent = TestBackend.silent(vertx, "silent");
    TestEdge edge = TestEdge.start(vertx, 1).route(HOST,
      Upstream.of("app", silent.target()).withCircuitBreaker(new CircuitBreaker(2, 100)));
    edge.client().getAsync(HOST, "/1");
    edge.client().getAsync(HOST, "/2");
    await().until(() -> silent.received().size() == 2);

    assertOverLimit(edge.client().get(HOST, "/3"));
    assertThat(silent.received()).hasSize(2);
  }

  @Test
  void answers503WithRetryAfterWhileMaxPendingRequestsWaitForAConnection(Vertx vertx) {
    TestBackend silent = TestBackend.silent(vertx, "silent");
    TestEdge edge = TestEdge.start(vertx, TestEdge.settings().withMaxConnectionsPerTarget(1)).route(HOST,
      Upstream.of("app", silent.target()).withCircuitBreaker(new CircuitBreaker(100, 1)));
    edge.client().getAsync(HOST, "/holds-the-connection");
    await().until(() -> silent.received().size() == 1);
    edge.client().getAsync(HOST, "/waits");
    await().until(() -> edge.inFlight(silent.target()) == 2);

    assertOverLimit(edge.client().get(HOST, "/refused"));
  }

  @Test
  void aRetryIsNotSentToATargetOverItsLimit(Vertx vertx) {
    TestBackend silent = TestBackend.silent(vertx, "silent");
    TestBackend unavailable = TestBackend.start(vertx, "unavailable",
      (request, response) -> response.setStatusCode(502).end());
    TestEdge edge = TestEdge.start(vertx, 1).routes(
      List.of(new Route("app", List.of(HOST), "/", List.of(), "app", false, Timeouts.DEFAULTS, null,
        new Retries(1, List.of("502"), 100))),
      List.of(Upstream.of("app", silent.target(), unavailable.target())
        .withCircuitBreaker(new CircuitBreaker(1, 100))));
    edge.client().getAsync(HOST, "/holds-silent");
    await().until(() -> silent.received().size() == 1);

    Reply reply = edge.client().get(HOST, "/");

    assertThat(reply.status()).isEqualTo(502);
    assertThat(silent.received()).hasSize(1);
  }
}
