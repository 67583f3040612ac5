package dev.pharos.edge.proxy;

import dev.pharos.edge.testing.TestBackend;
import dev.pharos.edge.testing.TestCertificates;
import dev.pharos.edge.testing.TestClient.Reply;
import dev.pharos.edge.testing.TestSockets;
import dev.pharos.edge.tls.CertificateFolder;
import dev.pharos.model.Hsts;
import dev.pharos.model.Route;
import dev.pharos.model.Target;
import dev.pharos.model.Upstream;
import dev.pharos.model.UpstreamProtocol;
import dev.pharos.edge.limits.ListenerLimits;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.core.net.SocketAddress;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.net.ssl.SSLSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * HTTP/2 from clients (h2c prior knowledge) and to upstreams (per upstream protocol), HTTP/1.1 keep-alive and
 * pipelining, and the routes' HTTPS redirect and HSTS.
 */
@ExtendWith(VertxExtension.class)
@Timeout(60)
class ProtocolsTest {

  private static final String HOST = "app.test";

  @TempDir
  Path certs;

  private Vertx vertx;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
  }

  @Test
  void http2WithPriorKnowledgeIsAnsweredOnTheCleartextPort() {
    VersionBackend backend = new VersionBackend(vertx);
    TestEdge edge = TestEdge.start(vertx, TestEdge.settings().withHttp2Cleartext(true));
    edge.route(HOST, Upstream.of("app", backend.target));

    Answer answer = h2c(edge.port(), HttpMethod.GET, "/prior", null);

    assertThat(answer.version).isEqualTo(HttpVersion.HTTP_2);
    assertThat(answer.status).isEqualTo(200);
    assertThat(answer.body).isEqualTo("HTTP_1_1 GET /prior");
  }

  @Test
  void anHttp11ConnectionUpgradedToH2cIsAnsweredOverHttp2() {
    VersionBackend backend = new VersionBackend(vertx);
    TestEdge edge = TestEdge.start(vertx, TestEdge.settings().withHttp2Cleartext(true));
    edge.route(HOST, Upstream.of("app", backend.target));
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
      .setHttp2ClearTextUpgrade(true));

    Answer answer = client.request(new RequestOptions().setURI("/upgraded").setHost(HOST).setPort(edge.port())
        .setServer(SocketAddress.inetSocketAddress(edge.port(), "127.0.0.1")))
      .compose(request -> request.send())
      .compose(response -> response.body().map(body -> new Answer(response.version(), response.statusCode(),
        Map.of(), body.toString())))
      .eventually(client::close)
      .await();

    assertThat(answer.version).isEqualTo(HttpVersion.HTTP_2);
    assertThat(answer.body).isEqualTo("HTTP_1_1 GET /upgraded");
  }

  @Test
  void http11BodiesReachTheTargetOnAListenerThatAlsoTakesH2c() throws Exception {
    TestBackend backend = TestBackend.start(vertx, "echo", (request, response) -> response.end(request.body()));
    TestEdge edge = TestEdge.start(vertx, TestEdge.settings().withHttp2Cleartext(true));
    edge.route(HOST, Upstream.of("echo", backend.target()));
    // The first body looks like a request, sent after its head: it is the body, never a request of its own.
    String lookalike = "GET /smuggled HTTP/1.1\r\nHost: " + HOST + "\r\n\r\n";

    try (RawConnection connection = new RawConnection(edge.port())) {
      connection.send("PUT /first HTTP/1.1\r\nHost: " + HOST + "\r\nContent-Length: " + lookalike.length()
        + "\r\n\r\n");
      connection.send(lookalike);
      String first = connection.readResponse();
      connection.send("PUT /second HTTP/1.1\r\nHost: " + HOST + "\r\nContent-Length: 5\r\n\r\nhello");
      String second = connection.readResponse();

      assertThat(first).startsWith("HTTP/1.1 200").endsWith(lookalike);
      assertThat(second).startsWith("HTTP/1.1 200").endsWith("hello");
    }
    assertThat(backend.received()).extracting(TestBackend.Received::uri).containsExactly("/first", "/second");
  }

  @Test
  void aFirstRequestSentAByteAtATimeReachesTheTargetWholeOnAListenerThatAlsoTakesH2c() throws Exception {
    TestBackend backend = TestBackend.start(vertx, "echo", (request, response) -> response.end(request.body()));
    TestEdge edge = TestEdge.start(vertx, TestEdge.settings().withHttp2Cleartext(true));
    edge.route(HOST, Upstream.of("echo", backend.target()));
    // Begins like the HTTP/2 preface ("P"), so its first bytes are held before the protocol is known.
    String body = "first body\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: " + HOST + "\r\n\r\n";
    String request = "PUT /first HTTP/1.1\r\nHost: " + HOST + "\r\nContent-Length: " + body.length() + "\r\n\r\n"
      + body;

    String response;
    try (RawConnection connection = new RawConnection(edge.port())) {
      for (char c : request.toCharArray()) {
        connection.send(String.valueOf(c));
      }
      response = connection.readResponse();
    }

    assertThat(response).startsWith("HTTP/1.1 200").endsWith(body);
    assertThat(backend.received()).extracting(r -> r.uri() + " " + r.body()).containsExactly("/first " + body);
  }

  @Test
  void anHttp2PrefaceSentAByteAtATimeIsAnsweredOverHttp2() throws Exception {
    TestEdge edge = TestEdge.start(vertx, TestEdge.settings().withHttp2Cleartext(true));
    byte[] emptySettings = {0, 0, 0, 4, 0, 0, 0, 0, 0};

    try (Socket socket = new Socket("127.0.0.1", edge.port())) {
      socket.setSoTimeout(10_000);
      socket.setTcpNoDelay(true);
      for (byte b : "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII)) {
        socket.getOutputStream().write(b);
        socket.getOutputStream().flush();
      }
      socket.getOutputStream().write(emptySettings);
      byte[] frameHeader = socket.getInputStream().readNBytes(9);

      assertThat(frameHeader).hasSize(9);
      assertThat(frameHeader[3]).as("the frame type of the edge's first frame: SETTINGS").isEqualTo((byte) 4);
    }
  }

  @Test
  void aBrokenHttp2PrefaceIsNeverForwarded() {
    TestBackend backend = TestBackend.start(vertx, "backend");
    TestEdge edge = TestEdge.start(vertx, TestEdge.settings().withHttp2Cleartext(true));
    edge.route(HOST, Upstream.of("app", backend.target()));

    String response = TestSockets.exchange(edge.port(), "PRI * HTTP/2.0\r\nHost: " + HOST
      + "\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");

    System.out.println("ProtocolsTest: a broken preface was answered with "
      + response.lines().findFirst().orElse("nothing"));
    assertThat(response).doesNotStartWith("HTTP/1.1 2");
    assertThat(backend.received()).isEmpty();
  }

  @Test
  void aRequestWithABodyUpgradedToH2cReachesTheTargetWhole() {
    TestBackend backend = TestBackend.start(vertx, "echo", (request, response) -> response.end(request.body()));
    TestEdge edge = TestEdge.start(vertx, TestEdge.settings().withHttp2Cleartext(true));
    edge.route(HOST, Upstream.of("echo", backend.target()));
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
      .setHttp2ClearTextUpgrade(true));
    String body = "x".repeat(20_000);

    Answer answer = client.request(new RequestOptions().setMethod(HttpMethod.POST).setURI("/upgraded").setHost(HOST)
        .setPort(edge.port()).setServer(SocketAddress.inetSocketAddress(edge.port(), "127.0.0.1")))
      .compose(request -> request.send(body))
      .compose(response -> response.body().map(received -> new Answer(response.version(), response.statusCode(),
        Map.of(), received.toString())))
      .eventually(client::close)
      .await();

    assertThat(answer.version).isEqualTo(HttpVersion.HTTP_2);
    assertThat(answer.status).isEqualTo(200);
    assertThat(answer.body).isEqualTo(body);
    assertThat(backend.received()).extracting(r -> r.body().toString()).containsExactly(body);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void anIdleHttp2ConnectionIsClosedAfterItsLastStreamEndedOrWasReset(boolean reset) throws Exception {
    TestBackend backend = reset ? TestBackend.silent(vertx, "silent") : TestBackend.start(vertx, "app");
    TestEdge edge = TestEdge.start(vertx, TestEdge.settings().withHttp2Cleartext(true)
      .withLimits(ListenerLimits.DEFAULTS.withIdleTimeout(Duration.ofMillis(500))));
    edge.route(HOST, Upstream.of("app", backend.target()));
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
      .setHttp2ClearTextUpgrade(false));
    Promise<Void> closed = Promise.promise();

    HttpClientRequest request = client.request(new RequestOptions().setURI("/").setHost(HOST).setPort(edge.port())
      .setServer(SocketAddress.inetSocketAddress(edge.port(), "127.0.0.1"))).await();
    request.connection().closeHandler(v -> closed.tryComplete());
    if (reset) {
      request.end().await();
      await().atMost(Duration.ofSeconds(10)).until(() -> backend.received().size() == 1);
      request.reset().await();
    } else {
      assertThat(request.send().compose(HttpClientResponse::body).await().toString()).isEqualTo("app");
    }
    long start = System.nanoTime();

    closed.future().await(10, TimeUnit.SECONDS);
    System.out.printf("idle HTTP/2 connection closed %d ms after its stream %s (idle timeout 500 ms)%n",
      (System.nanoTime() - start) / 1_000_000, reset ? "was reset" : "ended");
    client.close();
  }

  @Test
  void anHttp2BodyOfUnknownLengthReachesAnHttp11TargetChunked() {
    TestBackend backend = TestBackend.start(vertx, "echo", (request, response) -> response.end(request.body()));
    TestEdge edge = TestEdge.start(vertx, TestEdge.settings().withHttp2Cleartext(true));
    edge.route(HOST, Upstream.of("echo", backend.target()));

    Answer answer = h2c(edge.port(), HttpMethod.POST, "/upload", List.of("first,", "second"));

    assertThat(answer.status).isEqualTo(200);
    assertThat(answer.body).isEqualTo("first,second");
    assertThat(backend.onlyRequest().header("transfer-encoding")).isEqualTo("chunked");
    assertThat(backend.onlyRequest().header("content-length")).isNull();
  }

  @Test
  void hopByHopHeadersOfAnHttp11TargetNeverReachAnHttp2Client() {
    TestBackend backend = TestBackend.start(vertx, "hop", (request, response) -> response
      .putHeader("connection", "keep-alive, x-hop").putHeader("keep-alive", "timeout=5").putHeader("x-hop", "1")
      .putHeader("x-end", "2").end("ok"));
    TestEdge edge = TestEdge.start(vertx, TestEdge.settings().withHttp2Cleartext(true));
    edge.route(HOST, Upstream.of("hop", backend.target()));

    Answer answer = h2c(edge.port(), HttpMethod.GET, "/", null);

    assertThat(answer.status).isEqualTo(200);
    assertThat(answer.headers).containsEntry("x-end", "2").doesNotContainKeys("x-hop", "keep-alive", "connection");
  }

  @Test
  void eachUpstreamIsSpokenToInItsProtocolOnPooledConnections() {
    VersionBackend backend = new VersionBackend(vertx);
    TestEdge edge = TestEdge.start(vertx, 1);
    edge.routes(List.of(Route.of("h1", "h1.test", "/", "h1"), Route.of("h2c", "h2c.test", "/", "h2c")),
      List.of(Upstream.of("h1", backend.target), Upstream.of("h2c", backend.target).withProtocol(UpstreamProtocol.H2C)));

    for (int i = 0; i < 3; i++) {
      assertThat(edge.client().get("h1.test", "/a").body()).isEqualTo("HTTP_1_1 GET /a");
      assertThat(edge.client().get("h2c.test", "/b").body()).isEqualTo("HTTP_2 GET /b");
    }

    // Sequential requests reuse one keep-alive connection, and one HTTP/2 connection carries the others.
    assertThat(backend.connections).hasSize(2);
  }

  @Test
  void teTrailersReachesAnHttp2TargetOnly() {
    List<String> seen = new CopyOnWriteArrayList<>();
    var server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
      .requestHandler(request -> {
        seen.add(request.version() + " te=" + request.getHeader("te"));
        request.response().end();
      });
    server.listen().await();
    Target target = Target.of("127.0.0.1", server.actualPort());
    TestEdge edge = TestEdge.start(vertx, TestEdge.settings().withHttp2Cleartext(true));
    edge.routes(List.of(Route.of("h1", "h1.test", "/", "h1"), Route.of("h2c", HOST, "/", "h2c")),
      List.of(Upstream.of("h1", target), Upstream.of("h2c", target).withProtocol(UpstreamProtocol.H2C)));

    assertThat(h2c(edge.port(), HttpMethod.GET, "/", null, "trailers").status).isEqualTo(200);
    assertThat(edge.client().get("h1.test", "/", MultiMap.caseInsensitiveMultiMap()
      .add("te", "trailers")).status()).isEqualTo(200);

    assertThat(seen).containsExactly("HTTP_2 te=trailers", "HTTP_1_1 te=null");
  }

  @Test
  void anH2TargetWhoseCertificateTheJvmDoesNotTrustAnswers502() {
    var server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0).setSsl(true)
        .setUseAlpn(true).setKeyCertOptions(SelfSignedCertificate.create("127.0.0.1")
          .keyCertOptions()))
      .requestHandler(request -> request.response().end("secret"));
    server.listen().await();
    TestEdge edge = TestEdge.start(vertx, 1);
    edge.route(HOST, Upstream.of("tls", Target.of("127.0.0.1", server.actualPort()))
      .withProtocol(UpstreamProtocol.H2));

    assertThat(edge.client().get(HOST, "/").status()).isEqualTo(502);
  }

  @Test
  void pipelinedRequestsAreAnsweredInTheOrderSent() throws Exception {
    // The first request is answered last by the target: the edge must still answer it first.
    TestBackend backend = TestBackend.start(vertx, "slow", (request, response) -> {
      long delay = request.uri().equals("/1") ? 400 : request.uri().equals("/2") ? 200 : 1;
      vertx.setTimer(delay, id -> response.end(request.uri()));
    });
    TestEdge edge = TestEdge.start(vertx, 1);
    edge.route(HOST, Upstream.of("slow", backend.target()));
    String pipelined = "GET /1 HTTP/1.1\r\nHost: app.test\r\n\r\n"
      + "GET /2 HTTP/1.1\r\nHost: app.test\r\n\r\n"
      + "GET /3 HTTP/1.1\r\nHost: app.test\r\nConnection: close\r\n\r\n";

    String responses;
    try (Socket socket = new Socket("127.0.0.1", edge.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(pipelined.getBytes(StandardCharsets.ISO_8859_1));
      responses = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    Matcher statuses = Pattern.compile("HTTP/1\\.1 (\\d{3})").matcher(responses);
    Matcher bodies = Pattern.compile("\r\n\r\n(/\\d)").matcher(responses);
    List<String> order = new CopyOnWriteArrayList<>();
    while (statuses.find() && bodies.find()) {
      assertThat(statuses.group(1)).isEqualTo("200");
      order.add(bodies.group(1));
    }
    assertThat(order).containsExactly("/1", "/2", "/3");
  }

  @Test
  void httpsRedirectAnswers308ToTheHttpsPortAndForwardsNothing() throws Exception {
    TestBackend backend = TestBackend.start(vertx, "app");
    TestEdge edge = httpsEdge();
    edge.routes(List.of(Route.of("app", HOST, "/", "app").withHttpsRedirect(true)),
      List.of(Upstream.of("app", backend.target())));

    Reply reply = edge.client().get(HOST, "/path/x?q=1&r=2");

    assertThat(reply.status()).isEqualTo(308);
    assertThat(reply.header("location")).isEqualTo("https://app.test:" + edge.httpsPort() + "/path/x?q=1&r=2");
    assertThat(backend.received()).isEmpty();
    assertThat(httpsGet(edge, "/path/x")).startsWith("HTTP/1.1 200");
    assertThat(backend.received()).hasSize(1);
  }

  @Test
  void hstsIsSentOverTlsOnly() throws Exception {
    TestBackend backend = TestBackend.start(vertx, "app", (request, response) -> response
      .putHeader("strict-transport-security", "max-age=1").end("app"));
    TestEdge edge = httpsEdge();
    edge.routes(List.of(Route.of("app", HOST, "/", "app").withHsts(new Hsts(31_536_000, true, true))),
      List.of(Upstream.of("app", backend.target())));

    assertThat(httpsGet(edge, "/")).containsIgnoringCase(
      "strict-transport-security: max-age=31536000; includeSubDomains; preload\r\n");
    assertThat(edge.client().get(HOST, "/").header("strict-transport-security")).isEqualTo("max-age=1");
  }

  private TestEdge httpsEdge() throws Exception {
    TestCertificates.write(certs, "app", HOST);
    return TestEdge.startHttps(vertx, TestEdge.settings(), 1,
      new CertificateFolder(vertx, certs, null).read().certificates());
  }

  private static String httpsGet(TestEdge edge, String path) throws Exception {
    try (SSLSocket socket = HttpsListenerTest.handshake(edge.httpsPort(), HOST, null, null)) {
      socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: app.test\r\nConnection: close\r\n\r\n")
        .getBytes(StandardCharsets.ISO_8859_1));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  private record Answer(HttpVersion version, int status, Map<String, String> headers, String body) {
  }

  /** One exchange over HTTP/2 with prior knowledge; a body given in parts is sent without Content-Length. */
  private Answer h2c(int port, HttpMethod method, String uri, List<String> parts) {
    return h2c(port, method, uri, parts, null);
  }

  private Answer h2c(int port, HttpMethod method, String uri, List<String> parts, String te) {
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
      .setHttp2ClearTextUpgrade(false));
    return client.request(new RequestOptions().setMethod(method).setURI(uri).setHost(HOST).setPort(port)
        .setServer(SocketAddress.inetSocketAddress(port, "127.0.0.1")))
      .compose(request -> {
        if (te != null) {
          request.putHeader("te", te);
        }
        Future<HttpClientResponse> response = request.response();
        if (parts == null) {
          request.end();
        } else {
          // Over HTTP/2 this sends no Transfer-Encoding: it only lets the client write before it knows the length.
          request.setChunked(true);
          parts.forEach(part -> request.write(part));
          request.end();
        }
        return response;
      })
      .compose(response -> response.body().map(body -> {
        Map<String, String> headers = new ConcurrentHashMap<>();
        response.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
        return new Answer(response.version(), response.statusCode(), headers, body.toString());
      }))
      .eventually(client::close)
      .await();
  }

  /** Answers with the HTTP version, method and URI it received, and remembers each connection it served. */
  private static final class VersionBackend {

    final Set<HttpConnection> connections = ConcurrentHashMap.newKeySet();
    final Target target;

    VersionBackend(Vertx vertx) {
      var server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .requestHandler(request -> {
          connections.add(request.connection());
          request.response().end(request.version() + " " + request.method() + " " + request.uri());
        });
      server.listen().await();
      target = Target.of("127.0.0.1", server.actualPort());
    }
  }
}
