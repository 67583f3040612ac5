package dev.pharos.edge.proxy;

import dev.pharos.edge.testing.TestBackend;
import dev.pharos.edge.testing.TestSockets;
import dev.pharos.model.Upstream;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests the decoder lets through but whose framing or target two parsers could read differently: each answers 400
 * with the edge's headers and closes the connection (the raw exchange ends only when it does), and nothing reaches the
 * target.
 */
@ExtendWith(VertxExtension.class)
@Timeout(30)
class IntegrityRefusalsTest {

  private static final String POST = "POST / HTTP/1.1\r\nHost: app.test\r\n";
  private static final String CHUNKED_BODY = "5\r\nhello\r\n0\r\n\r\n";
  /** What the edge would take for the next request if it went on reading after a refusal. */
  private static final String PIPELINED = "GET /smuggled HTTP/1.1\r\nHost: app.test\r\n\r\n";

  @ParameterizedTest
  @ValueSource(strings = {
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
  })
  void answers400AndClosesWithoutForwarding(String request, Vertx vertx) {
    TestBackend backend = TestBackend.start(vertx, "backend");
    TestEdge edge = TestEdge.start(vertx, 1).route("app.test", Upstream.of("app", backend.target()));

    String response = TestSockets.exchange(edge.port(), request);

    // Answered in the client's version: HTTP/1.0 for the HTTP/1.0 requests.
    assertThat(response).matches("(?s)HTTP/1\\.[01] 400 Bad Request\r\n.*")
      .containsIgnoringCase("\r\nx-served-by: " + TestEdge.NODE + "\r\n")
      .containsIgnoringCase("\r\nx-request-id: ")
      .containsIgnoringCase("\r\nconnection: close\r\n")
      .endsWith("\r\n\r\n400 bad request\n");
    assertThat(backend.received()).isEmpty();
  }

  @Test
  void forwardsAChunkedRequestThatAlsoDeclaresALengthByItsChunksAlone(Vertx vertx) {
    TestBackend backend = TestBackend.start(vertx, "backend");
    TestEdge edge = TestEdge.start(vertx, 1).route("app.test", Upstream.of("app", backend.target()));

    String response = TestSockets.exchange(edge.port(), POST + "Connection: close\r\nContent-Length: 3\r\n"
      + "Transfer-Encoding: chunked\r\n\r\n" + CHUNKED_BODY);

    assertThat(response).startsWith("HTTP/1.1 200 OK\r\n").endsWith("backend");
    assertThat(backend.received()).singleElement().satisfies(received -> {
      assertThat(received.header("content-length")).isNull();
      assertThat(received.body().toString()).isEqualTo("hello");
    });
  }

  @Test
  void joinsAnObsoleteFoldedLineToTheOneBeforeIt(Vertx vertx) {
    TestBackend backend = TestBackend.start(vertx, "backend");
    TestEdge edge = TestEdge.start(vertx, 1).route("app.test", Upstream.of("app", backend.target()));

    String response = TestSockets.exchange(edge.port(),
      "GET / HTTP/1.1\r\nHost: app.test\r\nX-A: a\r\n b\r\nConnection: close\r\n\r\n");

    assertThat(response).startsWith("HTTP/1.1 200 OK\r\n");
    assertThat(backend.onlyRequest().headers().getAll("x-a")).containsExactly("a b");
  }

  @ParameterizedTest
  @ValueSource(strings = {"zz\r\nhello\r\n0\r\n\r\n", "5\r\nhelloXX0\r\n\r\n"})
  void closesOnInvalidChunkSyntaxAndTheTargetNeverReceivesAWholeRequest(String body, Vertx vertx) {
    TestBackend backend = TestBackend.start(vertx, "backend");
    TestEdge edge = TestEdge.start(vertx, 1).route("app.test", Upstream.of("app", backend.target()));

    String response = TestSockets.exchange(edge.port(), POST + "Transfer-Encoding: chunked\r\n\r\n" + body);

    assertThat(response).doesNotStartWith("HTTP/1.1 200");
    assertThat(backend.received()).isEmpty();
  }
}
