package dev.pharos.edge.proxy;

import dev.pharos.edge.limits.ListenerLimits;
import dev.pharos.edge.testing.TestBackend;
import dev.pharos.edge.testing.TestSockets;
import dev.pharos.model.Route;
import dev.pharos.model.Target;
import dev.pharos.model.Upstream;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each listener limit over real sockets, in raw bytes where a client would refuse to send them, with a backend that
 * records what reached it.
 */
@ExtendWith(VertxExtension.class)
@Timeout(30)
class EdgeLimitsTest {

  private Vertx vertx;
  private TestBackend backend;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    this.backend = TestBackend.start(vertx, "backend");
  }

  private TestEdge edge(UnaryOperator<ListenerLimits> limits) {
    return edge(limits, Route.of("app", "app.test", "/", "app"));
  }

  private TestEdge edge(UnaryOperator<ListenerLimits> limits, Route route) {
    ProxySettings settings = TestEdge.settings().withLimits(limits.apply(ListenerLimits.DEFAULTS));
    return TestEdge.start(vertx, settings).routes(List.of(route), List.of(Upstream.of("app", backend.target())));
  }

  /** The edge's own answer, with its headers, followed by the edge closing the connection. */
  private static void assertRefusedAndClosed(String response, String statusLine, String body) {
    assertThat(response).startsWith(statusLine + "\r\n")
      .containsIgnoringCase("\r\nx-served-by: " + TestEdge.NODE + "\r\n")
      .containsIgnoringCase("\r\nx-request-id: ")
      .containsIgnoringCase("\r\nconnection: close\r\n")
      .endsWith("\r\n\r\n" + body);
  }

  private static String post(String uri, String extraHeaders, String body) {
    return "POST " + uri + " HTTP/1.1\r\nHost: app.test\r\n" + extraHeaders + "\r\n" + body;
  }

  private static String chunk(int size) {
    return Integer.toHexString(size) + "\r\n" + "x".repeat(size) + "\r\n";
  }

  /** Netty gives up before reading the version, and Vert.x answers the placeholder request it makes as HTTP/1.0. */
  @Test
  void answers414ToARequestLineOverTheLimitAndCloses() {
    TestEdge edge = edge(limits -> limits.withMaxRequestLineBytes(256));

    String response = TestSockets.exchange(edge.port(),
      "GET /" + "a".repeat(300) + " HTTP/1.1\r\nHost: app.test\r\n\r\n");

    assertRefusedAndClosed(response, "HTTP/1.0 414 Request-URI Too Long", "414 request line too long\n");
    assertThat(backend.received()).isEmpty();
    FinishedRequest refused = edge.onlyFinished();
    assertThat(refused.status()).isEqualTo(414);
    assertThat(refused.method()).isNull();
    assertThat(refused.routeId()).isNull();
  }

  @Test
  void answers431ToAHeaderBlockOverTheLimitAndCloses() {
    TestEdge edge = edge(limits -> limits.withMaxHeaderBytes(1024));

    String response = TestSockets.exchange(edge.port(),
      "GET / HTTP/1.1\r\nHost: app.test\r\nCookie: " + "c".repeat(1100) + "\r\n\r\n");

    assertRefusedAndClosed(response, "HTTP/1.1 431 Request Header Fields Too Large",
      "431 request header fields too large\n");
    assertThat(backend.received()).isEmpty();
    assertThat(edge.onlyFinished().status()).isEqualTo(431);
  }

  @Test
  void answers431ToMoreHeaderFieldsThanTheLimitCountingRepeatedNames() {
    TestEdge edge = edge(limits -> limits.withMaxHeaderCount(5));

    String response = TestSockets.exchange(edge.port(),
      "GET / HTTP/1.1\r\nHost: app.test\r\n" + "X-A: 1\r\n".repeat(5) + "\r\n");

    assertRefusedAndClosed(response, "HTTP/1.1 431 Request Header Fields Too Large",
      "431 too many request header fields\n");
    assertThat(backend.received()).isEmpty();
  }

  @Test
  void forwardsRequestsWithinTheHeaderCount() {
    TestEdge edge = edge(limits -> limits.withMaxHeaderCount(5));

    String response = TestSockets.exchange(edge.port(),
      "GET / HTTP/1.1\r\nHost: app.test\r\nX-A: 1\r\nX-A: 2\r\nConnection: close\r\n\r\n");

    assertThat(response).startsWith("HTTP/1.1 200 OK\r\n").endsWith("backend");
  }

  @Test
  void answers413BeforeForwardingADeclaredBodyOverTheRouteLimit() {
    TestEdge edge = edge(limits -> limits, Route.of("app", "app.test", "/", "app").withMaxBodyBytes(100));

    String response = TestSockets.exchange(edge.port(), post("/", "Content-Length: 101\r\n", "x".repeat(101)));

    assertRefusedAndClosed(response, "HTTP/1.1 413 Request Entity Too Large", "413 request body too large\n");
    assertThat(backend.received()).isEmpty();
  }

  @Test
  void routesWithoutALimitTakeTheNodeDefault() {
    TestEdge edge = edge(limits -> limits.withMaxBodyBytes(100));

    String within = TestSockets.exchange(edge.port(),
      post("/", "Content-Length: 100\r\nConnection: close\r\n", "x".repeat(100)));
    String over = TestSockets.exchange(edge.port(), post("/", "Content-Length: 101\r\n", "x".repeat(101)));

    assertThat(within).startsWith("HTTP/1.1 200 OK\r\n");
    assertRefusedAndClosed(over, "HTTP/1.1 413 Request Entity Too Large", "413 request body too large\n");
    assertThat(backend.onlyRequest().body().length()).isEqualTo(100);
  }

  @Test
  void cutsAChunkedBodyThatGrowsOverTheLimitWithoutTheTargetReceivingItsEnd() {
    TestEdge edge = edge(limits -> limits.withMaxBodyBytes(100));

    String response = TestSockets.exchange(edge.port(),
      post("/", "Transfer-Encoding: chunked\r\n", chunk(60) + chunk(60) + chunk(60) + "0\r\n\r\n"));

    assertRefusedAndClosed(response, "HTTP/1.1 413 Request Entity Too Large", "413 request body too large\n");
    assertThat(backend.received()).isEmpty();
  }

  @Test
  void theTargetSeesAnOverLimitChunkedBodyCutShortAndItsConnectionReset() {
    RecordingOrigin origin = new RecordingOrigin();
    int originPort = vertx.createNetServer().connectHandler(origin).listen(0, "127.0.0.1").await().actualPort();
    TestEdge edge = TestEdge.start(vertx, TestEdge.settings().withLimits(ListenerLimits.DEFAULTS.withMaxBodyBytes(100)))
      .route("app.test", Upstream.of("raw", Target.of("127.0.0.1", originPort)));

    String response = TestSockets.exchange(edge.port(),
      post("/", "Transfer-Encoding: chunked\r\n", chunk(60) + chunk(60) + chunk(60) + "0\r\n\r\n"));

    assertRefusedAndClosed(response, "HTTP/1.1 413 Request Entity Too Large", "413 request body too large\n");
    await().until(origin::closed);
    assertThat(origin.received()).startsWith("POST / HTTP/1.1\r\n").doesNotContain("0\r\n\r\n");
    assertThat(origin.received().chars().filter(c -> c == 'x').count()).isLessThanOrEqualTo(100);
  }

  @Test
  void closesTheClientConnectionWhenTheBodyGrowsOverTheLimitAfterTheResponseStarted() throws IOException {
    // Vert.x writes a response head with its first body bytes.
    String head = "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nearly";
    int originPort = vertx.createNetServer()
      .connectHandler(socket -> socket.handler(bytes -> socket.write(head)))
      .listen(0, "127.0.0.1").await().actualPort();
    TestEdge edge = TestEdge.start(vertx, TestEdge.settings().withLimits(ListenerLimits.DEFAULTS.withMaxBodyBytes(100)))
      .route("app.test", Upstream.of("early", Target.of("127.0.0.1", originPort)));

    try (RawConnection connection = new RawConnection(edge.port())) {
      connection.send(post("/", "Transfer-Encoding: chunked\r\n", chunk(60)));
      assertThat(connection.readHead()).startsWith("HTTP/1.1 200 OK\r\n");

      connection.send(chunk(60));

      assertThat(connection.closedByPeer()).isTrue();
    }
  }

  /** An origin that never answers and keeps every byte it receives, to show what was forwarded. */
  private static final class RecordingOrigin implements Handler<NetSocket> {

    private final StringBuffer received = new StringBuffer();
    private volatile boolean closed;

    @Override
    public void handle(NetSocket socket) {
      socket.handler(bytes -> received.append(bytes.toString(StandardCharsets.ISO_8859_1)));
      socket.closeHandler(v -> closed = true);
    }

    boolean closed() {
      return closed;
    }

    String received() {
      return received.toString();
    }
  }

  @Test
  void forwardsAChunkedBodyWithinTheLimit() {
    TestEdge edge = edge(limits -> limits.withMaxBodyBytes(100));

    String response = TestSockets.exchange(edge.port(),
      post("/", "Transfer-Encoding: chunked\r\nConnection: close\r\n", chunk(60) + chunk(40) + "0\r\n\r\n"));

    assertThat(response).startsWith("HTTP/1.1 200 OK\r\n");
    assertThat(backend.onlyRequest().body().length()).isEqualTo(100);
  }

  /**
   * On a listener that also takes h2c, Vert.x hands a connection to the node only once it has sent the HTTP/2 preface
   * or a whole first request head; the deadline runs from the connection being accepted all the same.
   */
  static Stream<Arguments> unfinishedStarts() {
    return Stream.of(
      Arguments.of(false, "GET / HTTP/1.1\r\nHost: app"), Arguments.of(false, ""),
      Arguments.of(true, "GET / HTTP/1.1\r\nHost: app"), Arguments.of(true, ""),
      Arguments.of(true, "PRI * HTTP/2.0\r\n"), Arguments.of(true, "POST"));
  }

  @ParameterizedTest(name = "h2c listener {0}, sent \"{1}\"")
  @MethodSource("unfinishedStarts")
  void closesAConnectionThatDoesNotCompleteItsHeadWithinTheHeaderTimeout(boolean h2c, String sent) throws IOException {
    ProxySettings settings = TestEdge.settings().withHttp2Cleartext(h2c)
      .withLimits(ListenerLimits.DEFAULTS.withHeaderTimeout(Duration.ofMillis(300)));
    TestEdge edge = TestEdge.start(vertx, settings)
      .routes(List.of(Route.of("app", "app.test", "/", "app")), List.of(Upstream.of("app", backend.target())));

    try (RawConnection connection = new RawConnection(edge.port())) {
      long start = System.nanoTime();
      connection.send(sent);

      assertThat(connection.closedByPeer()).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
    }
    assertThat(backend.received()).isEmpty();
  }

  @Test
  void closesAKeepAliveConnectionIdleForTheIdleTimeout() throws IOException {
    TestEdge edge = edge(limits -> limits.withIdleTimeout(Duration.ofMillis(300)));

    try (RawConnection connection = new RawConnection(edge.port())) {
      String first = connection.send("GET / HTTP/1.1\r\nHost: app.test\r\n\r\n").readResponse();
      String second = connection.send("GET / HTTP/1.1\r\nHost: app.test\r\n\r\n").readResponse();
      long idleFrom = System.nanoTime();

      assertThat(first).startsWith("HTTP/1.1 200 OK\r\n");
      assertThat(second).startsWith("HTTP/1.1 200 OK\r\n");
      assertThat(connection.closedByPeer()).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - idleFrom)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
    }
  }

  @ParameterizedTest(name = "h2c listener {0}")
  @ValueSource(booleans = {false, true})
  void theIdleTimeoutDoesNotCutARequestWaitingOnASlowTarget(boolean h2c) throws IOException {
    TestBackend slow = TestBackend.start(vertx, "slow",
      (request, response) -> vertx.setTimer(800, id -> response.end("late")));
    ProxySettings settings = TestEdge.settings().withHttp2Cleartext(h2c).withLimits(ListenerLimits.DEFAULTS
      .withHeaderTimeout(Duration.ofMillis(200)).withIdleTimeout(Duration.ofMillis(200)));
    TestEdge edge = TestEdge.start(vertx, settings).route("app.test", Upstream.of("slow", slow.target()));

    try (RawConnection connection = new RawConnection(edge.port())) {
      String response = connection.send("GET / HTTP/1.1\r\nHost: app.test\r\n\r\n").readResponse();

      assertThat(response).startsWith("HTTP/1.1 200 OK\r\n").endsWith("late");
    }
  }

  /** Once Vert.x has handed an HTTP/2 connection over, the time it took to be handed over no longer counts. */
  @ParameterizedTest(name = "upgraded {0}")
  @ValueSource(booleans = {false, true})
  void theHeaderTimeoutDoesNotCutAnHttp2RequestWaitingOnASlowTarget(boolean upgrade) {
    TestBackend slow = TestBackend.start(vertx, "slow",
      (request, response) -> vertx.setTimer(800, id -> response.end("late")));
    ProxySettings settings = TestEdge.settings().withHttp2Cleartext(true).withLimits(ListenerLimits.DEFAULTS
      .withHeaderTimeout(Duration.ofMillis(200)).withIdleTimeout(Duration.ofMillis(200)));
    TestEdge edge = TestEdge.start(vertx, settings).route("app.test", Upstream.of("slow", slow.target()));
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
      .setHttp2ClearTextUpgrade(upgrade));

    String answer = client.request(new RequestOptions().setURI("/").setHost("app.test").setPort(edge.port())
        .setServer(SocketAddress.inetSocketAddress(edge.port(), "127.0.0.1")))
      .compose(request -> request.send())
      .compose(response -> response.body().map(body -> response.version() + " " + response.statusCode() + " " + body))
      .eventually(client::close)
      .await();

    assertThat(answer).isEqualTo("HTTP_2 200 late");
  }

  @Test
  void closesAConnectionOverTheClientAddressLimitAtOnceAndCountsItsCloses() throws IOException {
    TestEdge edge = edge(limits -> limits.withMaxConnections(100, 2));
    String request = "GET / HTTP/1.1\r\nHost: app.test\r\n\r\n";

    try (RawConnection first = new RawConnection(edge.port());
         RawConnection second = new RawConnection(edge.port())) {
      assertThat(first.send(request).readResponse()).startsWith("HTTP/1.1 200 OK\r\n");
      assertThat(second.send(request).readResponse()).startsWith("HTTP/1.1 200 OK\r\n");

      try (RawConnection third = new RawConnection(edge.port())) {
        assertThat(third.closedByPeer()).isTrue();
      }
      first.close();
      await().until(() -> edge.connections().open() == 1);

      try (RawConnection fourth = new RawConnection(edge.port())) {
        assertThat(fourth.send(request).readResponse()).startsWith("HTTP/1.1 200 OK\r\n");
      }
    }
    await().until(() -> edge.connections().open() == 0 && edge.connections().clients() == 0);
    assertThat(backend.received()).hasSize(3);
  }

  @Test
  void closesAConnectionOverTheNodeLimitAtOnce() throws IOException {
    TestEdge edge = edge(limits -> limits.withMaxConnections(1, 10));

    try (RawConnection first = new RawConnection(edge.port())) {
      assertThat(first.send("GET / HTTP/1.1\r\nHost: app.test\r\n\r\n").readResponse())
        .startsWith("HTTP/1.1 200 OK\r\n");

      try (RawConnection second = new RawConnection(edge.port())) {
        assertThat(second.closedByPeer()).isTrue();
      }
    }
  }
}
