package dev.pharos.edge.proxy;

import dev.pharos.edge.testing.TestSockets;
import dev.pharos.model.Target;
import dev.pharos.model.Upstream;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.parsetools.RecordParser;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a target sends besides one final response per request, written by a raw loopback origin that answers every
 * request on a keep-alive connection with the same bytes. Interim responses: 103 (Early Hints) reaches the client
 * ahead of the final response, 102 (Processing), which the client cannot be sent, leaves the exchange and its
 * connection intact, and the answer to a HEAD that came after a 1xx ends at its head. Bytes beyond a response's
 * framing, or sent while no request is outstanding, cost the connection, never the next request sent there.
 */
@ExtendWith(VertxExtension.class)
@Timeout(30)
class TargetFramingTest {

  private static final String HOST = "app.test";
  private static final String FINAL = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";
  private static final String EARLY_HINTS = "HTTP/1.1 103 Early Hints\r\n"
    + "Link: </style.css>; rel=preload; as=style\r\n"
    + "Connection: x-hint-hop\r\n"
    + "X-Hint-Hop: 1\r\n\r\n";

  private Vertx vertx;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
  }

  @Test
  void earlyHintsReachTheClientBeforeTheResponseWithoutHopByHopHeaders() throws IOException {
    TestEdge edge = edgeTo(new KeepAliveOrigin(vertx, EARLY_HINTS + FINAL));

    try (RawConnection connection = new RawConnection(edge.port())) {
      connection.send("GET / HTTP/1.1\r\nHost: " + HOST + "\r\n\r\n");

      assertThat(connection.readHead()).startsWith("HTTP/1.1 103 Early Hints\r\n")
        .containsIgnoringCase("\r\nlink: </style.css>; rel=preload; as=style\r\n")
        .doesNotContainIgnoringCase("x-hint-hop");
      assertThat(connection.readResponse()).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\nhello")
        .doesNotContainIgnoringCase("link:");
    }
  }

  @Test
  void aHeadRequestWithEarlyHintsGetsTheFinalHead() throws IOException {
    KeepAliveOrigin origin = new KeepAliveOrigin(vertx, EARLY_HINTS + "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n");
    TestEdge edge = edgeTo(origin);

    try (RawConnection connection = new RawConnection(edge.port())) {
      for (int i = 0; i < 2; i++) {
        connection.send("HEAD /" + i + " HTTP/1.1\r\nHost: " + HOST + "\r\n\r\n");

        assertThat(connection.readHead()).startsWith("HTTP/1.1 103 Early Hints\r\n");
        assertThat(connection.readHead()).startsWith("HTTP/1.1 200 OK\r\n").containsIgnoringCase("content-length: 5");
      }
    }
    assertThat(origin.requests()).isEqualTo(2);
    assertThat(origin.connections()).as("a connection whose codec still waits for a body is not reused").isEqualTo(2);
  }

  @Test
  void anHttp10ClientGetsOnlyTheFinalResponse() {
    TestEdge edge = edgeTo(new KeepAliveOrigin(vertx, EARLY_HINTS + FINAL));

    String response = TestSockets.exchange(edge.port(), "GET / HTTP/1.0\r\nHost: " + HOST + "\r\n\r\n");

    assertThat(response).startsWith("HTTP/1.0 200 OK\r\n").endsWith("\r\n\r\nhello").doesNotContain("103");
  }

  @Test
  void earlyHintsReachAnHttp2Client() {
    TestEdge edge = TestEdge.start(vertx, TestEdge.settings().withHttp2Cleartext(true))
      .route(HOST, Upstream.of("app", new KeepAliveOrigin(vertx, EARLY_HINTS + FINAL).target()));
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
      .setHttp2ClearTextUpgrade(false));
    List<MultiMap> hints = new CopyOnWriteArrayList<>();

    String body = client.request(new RequestOptions().setHost(HOST).setURI("/")
        .setServer(SocketAddress.inetSocketAddress(edge.port(), "127.0.0.1")))
      .compose(request -> {
        request.earlyHintsHandler(hints::add);
        return request.send();
      })
      .compose(response -> response.body().map(Buffer::toString))
      .eventually(client::close)
      .await();

    assertThat(body).isEqualTo("hello");
    assertThat(hints).singleElement().satisfies(headers -> {
      assertThat(headers.get("link")).isEqualTo("</style.css>; rel=preload; as=style");
      assertThat(headers.contains("x-hint-hop")).isFalse();
    });
  }

  @Test
  void aProcessingResponseIsPassedOverAndTheConnectionToTheTargetKept() throws IOException {
    KeepAliveOrigin origin = new KeepAliveOrigin(vertx, "HTTP/1.1 102 Processing\r\n\r\n" + FINAL);
    TestEdge edge = edgeTo(origin);

    assertTwoRequestsAnsweredOnOneConnection(edge);
    assertThat(origin.requests()).isEqualTo(2);
    assertThat(origin.connections()).isEqualTo(1);
  }

  @Test
  void aBodyLongerThanItsContentLengthCostsTheConnectionNotTheNextRequest() throws IOException {
    KeepAliveOrigin origin = new KeepAliveOrigin(vertx, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello world");
    TestEdge edge = edgeTo(origin);

    assertTwoRequestsAnsweredOnOneConnection(edge);
    assertThat(origin.connections()).isEqualTo(2);
  }

  @Test
  void bytesSentWhileNoRequestIsOutstandingCostTheConnection() throws IOException {
    KeepAliveOrigin origin = new KeepAliveOrigin(vertx, FINAL, "stray bytes");
    TestEdge edge = edgeTo(origin);

    try (RawConnection connection = new RawConnection(edge.port())) {
      assertThat(get(connection, "/0")).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\nhello");
      await().atMost(Duration.ofSeconds(5)).until(() -> origin.closed() == 1);

      assertThat(get(connection, "/1")).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\nhello");
    }
    assertThat(origin.connections()).isEqualTo(2);
  }

  /** Two GETs, one after the other on one client connection, each answered 200 with the origin's body. */
  private static void assertTwoRequestsAnsweredOnOneConnection(TestEdge edge) throws IOException {
    try (RawConnection connection = new RawConnection(edge.port())) {
      for (String path : List.of("/0", "/1")) {
        assertThat(get(connection, path)).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\nhello");
      }
    }
  }

  private static String get(RawConnection connection, String path) {
    return connection.send("GET " + path + " HTTP/1.1\r\nHost: " + HOST + "\r\n\r\n").readResponse();
  }

  private TestEdge edgeTo(KeepAliveOrigin origin) {
    return TestEdge.start(vertx, 1).route(HOST, Upstream.of("app", origin.target()));
  }

  /**
   * Answers each request head it reads, on any number of keep-alive connections, with the same raw bytes, and, when
   * given, with more bytes 100 ms later.
   */
  private static final class KeepAliveOrigin {

    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final int port;

    KeepAliveOrigin(Vertx vertx, String reply) {
      this(vertx, reply, null);
    }

    KeepAliveOrigin(Vertx vertx, String reply, String later) {
      port = vertx.createNetServer()
        .connectHandler(socket -> {
          connections.incrementAndGet();
          socket.closeHandler(v -> closed.incrementAndGet());
          socket.handler(RecordParser.newDelimited("\r\n\r\n", record -> {
            // A request forwarded from HTTP/2 comes with a chunked body, whose end ("0") is a record of its own.
            if (!record.toString().equals("0")) {
              requests.incrementAndGet();
              socket.write(reply);
              if (later != null) {
                vertx.setTimer(100, id -> socket.write(later));
              }
            }
          }));
        })
        .listen(0, "127.0.0.1").await().actualPort();
    }

    Target target() {
      return Target.of("127.0.0.1", port);
    }

    int requests() {
      return requests.get();
    }

    int connections() {
      return connections.get();
    }

    int closed() {
      return closed.get();
    }
  }
}
