package dev.pharos.edge.proxy;

import dev.pharos.edge.testing.TestBackend;
import dev.pharos.edge.testing.TestSockets;
import dev.pharos.model.Upstream;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Framing and syntax errors Netty's decoder refuses by itself: each answers 400 with the edge's headers and closes the
 * connection, nothing reaches the target, and the refusal is observed (access log, metrics) with no route.
 */
@ExtendWith(VertxExtension.class)
@Timeout(30)
class DecoderRefusalsTest {

  private static final String HEAD = "POST / HTTP/1.1\r\nHost: app.test\r\n";

  @ParameterizedTest
  @ValueSource(strings = {
    HEAD + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
    HEAD + "Content-Length: 5, 6\r\n\r\nhello!",
    HEAD + "Content-Length: +5\r\n\r\nhello",
    HEAD + "Content-Length : 5\r\n\r\nhello",
    HEAD + "X-A: a\u0001b\r\nContent-Length: 0\r\n\r\n",
  })
  void answers400AndClosesWithoutForwarding(String request, Vertx vertx) {
    TestBackend backend = TestBackend.start(vertx, "backend");
    TestEdge edge = TestEdge.start(vertx, 1).route("app.test", Upstream.of("app", backend.target()));

    String response = TestSockets.exchange(edge.port(), request);

    assertThat(response).startsWith("HTTP/1.1 400 Bad Request\r\n")
      .containsIgnoringCase("\r\nx-served-by: " + TestEdge.NODE + "\r\n")
      .containsIgnoringCase("\r\nx-request-id: ")
      .containsIgnoringCase("\r\nconnection: close\r\n")
      .endsWith("\r\n\r\n400 bad request\n");
    assertThat(backend.received()).isEmpty();
    FinishedRequest refused = edge.onlyFinished();
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.requestId()).isEqualTo(RawResponse.parse(response).header("x-request-id"));
    assertThat(refused.routeId()).isNull();
    // Netty keeps nothing of a request it could not decode.
    assertThat(refused.method()).isNull();
    assertThat(refused.path()).isNull();
  }
}
