package dev.pharos.edge.proxy;

import dev.pharos.edge.testing.TestBackend;
import dev.pharos.edge.testing.TestClient.Reply;
import dev.pharos.model.Upstream;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@Timeout(30)
class EdgeHeadersTest {

  private Vertx vertx;
  private TestEdge edge;

  @BeforeEach
  void startEdge(Vertx vertx) {
    this.vertx = vertx;
    edge = TestEdge.start(vertx, 1);
  }

  private TestBackend backend(TestBackend.Responder responder) {
    TestBackend backend = TestBackend.start(vertx, "app", responder);
    edge.route("app.test", Upstream.of("app", backend.target()));
    return backend;
  }

  private TestBackend backend() {
    return backend((request, response) -> response.end("app"));
  }

  static MultiMap headers(String... namesAndValues) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      headers.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return headers;
  }

  @Test
  void saneClientRequestIdIsSentUpstreamAndReturned() {
    TestBackend backend = backend();

    Reply reply = edge.client().get("app.test", "/", headers("X-Request-Id", "abc-123_XYZ"));

    assertThat(backend.onlyRequest().header("x-request-id")).isEqualTo("abc-123_XYZ");
    assertThat(reply.header("x-request-id")).isEqualTo("abc-123_XYZ");
  }

  @Test
  void missingRequestIdIsGeneratedSentUpstreamAndReturned() {
    TestBackend backend = backend();

    Reply first = edge.client().get("app.test", "/");
    Reply second = edge.client().get("app.test", "/");

    String id = first.header("x-request-id");
    assertThat(UUID.fromString(id).version()).isEqualTo(4);
    assertThat(backend.received().get(0).header("x-request-id")).isEqualTo(id);
    assertThat(second.header("x-request-id")).isNotEqualTo(id);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "has space", "tab\tinside", "caf\u00e9"})
  void insaneRequestIdIsReplaced(String sent) {
    TestBackend backend = backend();

    Reply reply = edge.client().get("app.test", "/", headers("X-Request-Id", sent));

    String id = reply.header("x-request-id");
    assertThat(id).isNotEqualTo(sent);
    assertThat(UUID.fromString(id).version()).isEqualTo(4);
    assertThat(backend.onlyRequest().headers().getAll("x-request-id")).containsExactly(id);
  }

  @Test
  void requestIdLongerThan128CharactersIsReplaced() {
    backend();

    assertThat(edge.client().get("app.test", "/", headers("X-Request-Id", "a".repeat(128)))
      .header("x-request-id")).isEqualTo("a".repeat(128));
    assertThat(edge.client().get("app.test", "/", headers("X-Request-Id", "a".repeat(129)))
      .header("x-request-id")).hasSize(36);
  }

  @Test
  void upstreamRequestIdAndServedByAreReplacedByTheEdges() {
    backend((request, response) -> response.putHeader("x-request-id", "from-backend")
      .putHeader("x-served-by", "backend-7").end());

    Reply reply = edge.client().get("app.test", "/", headers("X-Request-Id", "from-client"));

    assertThat(reply.headers().getAll("x-request-id")).containsExactly("from-client");
    assertThat(reply.headers().getAll("x-served-by")).containsExactly(TestEdge.NODE);
  }

  @Test
  void forwardedHeadersDescribeTheClientAndItsHost() {
    TestBackend backend = backend();

    edge.client().get("app.test", "/");

    TestBackend.Received received = backend.onlyRequest();
    assertThat(received.header("x-forwarded-for")).isEqualTo("127.0.0.1");
    assertThat(received.header("x-forwarded-proto")).isEqualTo("http");
    assertThat(received.header("x-forwarded-host")).isEqualTo("app.test");
    assertThat(received.header("host")).isEqualTo("app.test");
  }

  @Test
  void forwardingHeadersFromAnUntrustedClientAreReplacedByTheEdges() {
    TestBackend backend = backend();

    edge.client().get("app.test", "/", spoofedForwarding());

    TestBackend.Received received = backend.onlyRequest();
    assertThat(received.headers().getAll("x-forwarded-for")).containsExactly("127.0.0.1");
    assertThat(received.headers().getAll("x-forwarded-proto")).containsExactly("http");
    assertThat(received.headers().getAll("x-forwarded-host")).containsExactly("app.test");
    assertThat(received.headers().getAll("forwarded")).isEmpty();
    assertThat(received.headers().getAll("x-served-by")).isEmpty();
  }

  /** What a proxy in front of the edge sends, or a client pretending to be one. */
  static MultiMap spoofedForwarding() {
    return headers(
      "X-Forwarded-For", "203.0.113.9",
      "X-Forwarded-For", "198.51.100.2",
      "X-Forwarded-Proto", "https",
      "X-Forwarded-Host", "shop.test",
      "Forwarded", "for=203.0.113.9;proto=https",
      "X-Served-By", "edge-elsewhere");
  }

  @Test
  void hopByHopRequestHeadersNeverReachTheBackend() {
    TestBackend backend = backend();

    edge.client().get("app.test", "/", headers(
      "Connection", "X-Secret, x-other",
      "X-Secret", "s",
      "X-Other", "o",
      "Keep-Alive", "timeout=5",
      "Proxy-Connection", "keep-alive",
      "Proxy-Authorization", "Basic dXNlcjpwYXNz",
      "TE", "trailers",
      "Trailer", "x-checksum",
      "X-Kept", "k"));

    MultiMap received = backend.onlyRequest().headers();
    assertThat(received.names()).map(String::toLowerCase).doesNotContain("connection", "x-secret", "x-other",
      "keep-alive", "proxy-connection", "proxy-authorization", "te", "trailer", "upgrade");
    assertThat(received.get("x-kept")).isEqualTo("k");
  }

  @Test
  void hopByHopResponseHeadersNeverReachTheClient() {
    backend((request, response) -> response
      .putHeader("Connection", "X-Internal")
      .putHeader("X-Internal", "secret")
      .putHeader("Keep-Alive", "timeout=5, max=100")
      .putHeader("Proxy-Authenticate", "Basic")
      .putHeader("Trailer", "x-checksum")
      .putHeader("X-Public", "p")
      .end("body"));

    Reply reply = edge.client().get("app.test", "/");

    assertThat(reply.headers().names()).map(String::toLowerCase).doesNotContain("connection", "x-internal",
      "keep-alive", "proxy-authenticate", "trailer");
    assertThat(reply.header("x-public")).isEqualTo("p");
    assertThat(reply.body()).isEqualTo("body");
  }

  @Test
  void headerNamedInConnectionCannotStripTheEdgesOwnHeaders() {
    TestBackend backend = backend((request, response) -> response.putHeader("Connection", "X-Request-Id, X-Served-By")
      .end());

    Reply reply = edge.client().get("app.test", "/", headers("Connection", "X-Forwarded-For, X-Request-Id",
      "X-Request-Id", "client-id", "X-Forwarded-For", "203.0.113.9"));

    TestBackend.Received received = backend.onlyRequest();
    assertThat(received.header("x-forwarded-for")).isEqualTo("127.0.0.1");
    String id = received.header("x-request-id");
    assertThat(id).isNotEqualTo("client-id").isNotNull();
    assertThat(reply.header("x-request-id")).isEqualTo(id);
    assertThat(reply.header("x-served-by")).isEqualTo(TestEdge.NODE);
  }
}
