package dev.pharos.edge.proxy;

import dev.pharos.edge.testing.TestBackend;
import dev.pharos.edge.testing.TestSockets;
import dev.pharos.model.Upstream;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Requests whose framing or target two parsers could read differently, which Netty's decoder alone would let through
 * or resolve its own way: each answers 400 with the edge's headers and closes the connection (the raw exchange ends
 * only when it does), and nothing reaches the target, neither the request nor what its body holds.
 */
@ExtendWith(VertxExtension.class)
@Timeout(30)
class IntegrityRefusalsTest {

  private static final String POST = "POST / HTTP/1.1\r\nHost: app.test\r\n";
  private static final String CHUNKED_BODY = "5\r\nhello\r\n0\r\n\r\n";
  /** What the edge would take for the next request if it went on reading after a refusal. */
  private static final String PIPELINED = "GET /smuggled HTTP/1.1\r\nHost: app.test\r\n\r\n";
  private static final String UPGRADE_TO_H2C =
    "Upgrade: h2c\r\nConnection: Upgrade, HTTP2-Settings\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n";

  private static final List<String> REFUSED = List.of(
    POST + "Transfer-Encoding: gzip\r\n\r\nhello",
    POST + "Transfer-Encoding: gzip\r\n\r\n" + PIPELINED,
    POST + "Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n" + CHUNKED_BODY + PIPELINED,
    POST + "Transfer-Encoding: chunked, gzip\r\n\r\n" + CHUNKED_BODY,
    POST + "Transfer-Encoding: gzip, chunked\r\n\r\n" + CHUNKED_BODY,
    POST + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n" + CHUNKED_BODY,
    POST + "Transfer-Encoding: identity\r\nContent-Length: 5\r\n\r\nhello",
    "POST / HTTP/1.0\r\nHost: app.test\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n" + CHUNKED_BODY,
    "POST / HTTP/1.0\r\nHost: app.test\r\nTransfer-Encoding: chunked\r\n\r\n" + CHUNKED_BODY,
    "GET / HTTP/1.1\r\n\r\n",
    "GET / HTTP/1.1\r\nHost: app.test\r\nHost: app.test\r\n\r\n",
    "GET / HTTP/1.1\r\nHost: app.test\r\nHost: other.test\r\n\r\n",
    "GET / HTTP/1.1\r\nHost: app.test\r\nX-A: a\u007fb\r\n\r\n",
    "GET / HTTP/1.1\r\nHost: app.test\r\nX-A: a\u0000b\r\n\r\n",
    "GET / HTTP/1.1\r\nHost: app.test\r\nX-A : b\r\n\r\n",
    // Transfer-Encoding together with Content-Length (RFC 9112 §6.3), in either order, whatever the length says.
    POST + "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n" + CHUNKED_BODY + PIPELINED,
    POST + "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n" + CHUNKED_BODY + PIPELINED,
    POST + "Transfer-Encoding: chunked\r\nContent-Length: 0\r\n\r\n" + CHUNKED_BODY,
    POST + "Content-Length: 57\r\nTransfer-Encoding: chunked\r\n\r\n"
      + CHUNKED_BODY + PIPELINED,
    // Obsolete line folding (RFC 9112 §5.2), by space or tab, on any line; and a space-led line after the request line.
    "GET / HTTP/1.1\r\nHost: app.test\r\nX-A: a\r\n b\r\n\r\n",
    "GET / HTTP/1.1\r\nHost: app.test\r\nX-A: a\r\n\tb\r\n\r\n" + PIPELINED,
    POST + "Content-Length: 5\r\nTransfer-Encoding:\r\n chunked\r\n\r\n" + CHUNKED_BODY + PIPELINED,
    "GET / HTTP/1.1\r\n Host: app.test\r\n\r\n",
    "GET / HTTP/1.1\nHost: app.test\nX-A: a\n b\n\n",
    // A first request asking to upgrade to h2c is refused over HTTP/1.1 like any other, never upgraded.
    POST + UPGRADE_TO_H2C + "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n" + CHUNKED_BODY + PIPELINED,
    "GET / HTTP/1.1\r\nHost: app.test\r\n" + UPGRADE_TO_H2C + "X-A: a\r\n b\r\n\r\n",
    POST + UPGRADE_TO_H2C + "Transfer-Encoding: gzip\r\n\r\nhello",
    "GET / HTTP/1.1\r\n" + UPGRADE_TO_H2C + "\r\n");

  /**
   * Every refusal on a listener of HTTP/1.x alone and on one that also takes h2c, where Vert.x chooses the protocol
   * from a connection's first bytes and so sees each of these, the first request of its connection, first.
   */
  static Stream<Arguments> refusalsOnEachListener() {
    return Stream.of(false, true).flatMap(h2c -> REFUSED.stream().map(request -> Arguments.of(h2c, request)));
  }

  @ParameterizedTest(name = "h2c listener {0}: {1}")
  @MethodSource("refusalsOnEachListener")
  void answers400AndClosesWithoutForwarding(boolean h2c, String request, Vertx vertx) {
    TestBackend backend = TestBackend.start(vertx, "backend");
    TestEdge edge = TestEdge.start(vertx, TestEdge.settings().withHttp2Cleartext(h2c))
      .route("app.test", Upstream.of("app", backend.target()));

    String response = TestSockets.exchange(edge.port(), request);

    // Answered in the client's version: HTTP/1.0 for the HTTP/1.0 requests.
    assertThat(response).matches("(?s)HTTP/1\\.[01] 400 Bad Request\r\n.*")
      .containsIgnoringCase("\r\nx-served-by: " + TestEdge.NODE + "\r\n")
      .containsIgnoringCase("\r\nx-request-id: ")
      .containsIgnoringCase("\r\nconnection: close\r\n")
      .endsWith("\r\n\r\n400 bad request\n");
    assertThat(backend.received()).isEmpty();
    FinishedRequest refused = edge.onlyFinished();
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.requestId()).isEqualTo(RawResponse.parse(response).header("x-request-id"));
    assertThat(refused.routeId()).isNull();
    assertThat(refused.target()).isNull();
  }

  @ParameterizedTest(name = "h2c listener {0}")
  @ValueSource(booleans = {false, true})
  void bodiesThatLookLikeFoldedLinesPassOnAKeepAliveConnection(boolean h2c, Vertx vertx) {
    TestBackend backend = TestBackend.start(vertx, "backend");
    TestEdge edge = TestEdge.start(vertx, TestEdge.settings().withHttp2Cleartext(h2c))
      .route("app.test", Upstream.of("app", backend.target()));
    String folds = "a\r\n b\n\tc\r\n\r\n d";

    String response = TestSockets.exchange(edge.port(),
      POST + "Content-Length: " + folds.length() + "\r\n\r\n" + folds
        + POST + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(folds.length()) + "\r\n" + folds
        + "\r\n0\r\n\r\n"
        + "GET /last HTTP/1.1\r\nHost: app.test\r\nConnection: close\r\n\r\n");

    assertThat(response.split("HTTP/1.1 200 OK\r\n", -1)).hasSize(4);
    assertThat(backend.received()).extracting(r -> r.body().toString()).containsExactly(folds, folds, "");
  }

  @ParameterizedTest
  @ValueSource(strings = {"zz\r\nhello\r\n0\r\n\r\n", "5\r\nhelloXX0\r\n\r\n",
    "5\r\nhello\r\nffffffffffffffffa\r\nhello\r\n0\r\n\r\n"})
  void closesOnInvalidChunkSyntaxAndTheTargetNeverReceivesAWholeRequest(String body, Vertx vertx) {
    TestBackend backend = TestBackend.start(vertx, "backend");
    TestEdge edge = TestEdge.start(vertx, 1).route("app.test", Upstream.of("app", backend.target()));

    String response = TestSockets.exchange(edge.port(), POST + "Transfer-Encoding: chunked\r\n\r\n" + body);

    assertThat(response).doesNotStartWith("HTTP/1.1 200");
    assertThat(backend.received()).isEmpty();
    // The exchange opened for it ends with the client's connection, not with the route's response timeout.
    await().atMost(Duration.ofSeconds(5)).until(() -> edge.inFlight(backend.target()) == 0);
  }
}
