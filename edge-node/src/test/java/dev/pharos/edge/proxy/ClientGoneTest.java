package dev.pharos.edge.proxy;

import dev.pharos.model.OutlierDetection;
import dev.pharos.model.Target;
import dev.pharos.model.Upstream;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client that leaves before its answer (an HTTP/2 stream reset, a closed HTTP/2 or HTTP/1.1 connection) is the
 * client's doing, not the target's: the request reaching the target is cancelled, it is not retried on another target,
 * the target gets no outlier strike, and the request ends as {@value FinishedRequest#CLIENT_CLOSED}.
 */
@ExtendWith(VertxExtension.class)
@Timeout(60)
class ClientGoneTest {

  private static final String HOST = "app.test";
  private static final Duration DEADLINE = Duration.ofSeconds(20);

  /** How the client leaves once the target holds its request. */
  enum Leaving {
    HTTP2_STREAM_RESET(true),
    HTTP2_CONNECTION_CLOSED(true),
    HTTP11_CONNECTION_CLOSED(false),
    HTTP11_CONNECTION_CLOSED_MID_BODY(false);

    final boolean http2;

    Leaving(boolean http2) {
      this.http2 = http2;
    }
  }

  @ParameterizedTest
  @EnumSource(Leaving.class)
  void aClientLeavingCancelsTheTargetsRequestWithoutRetryOrStrike(Leaving leaving, Vertx vertx) throws Exception {
    List<SlowOrigin> origins = IntStream.range(0, 3).mapToObj(i -> new SlowOrigin(vertx)).toList();
    // One failure in a row would eject a target, and a reset is retried on another target by default.
    TestEdge edge = TestEdge.start(vertx, TestEdge.settings().withHttp2Cleartext(leaving.http2))
      .route(HOST, Upstream.of("app", origins.get(0).target(), origins.get(1).target(), origins.get(2).target())
        .withOutlierDetection(new OutlierDetection(1, 1, 60_000, 60_000)));

    leave(leaving, vertx, edge.port(), () -> origins.stream().mapToInt(o -> o.slow.get()).sum() == 1);

    await().atMost(DEADLINE).until(() -> origins.stream().mapToInt(o -> o.cancelled.get()).sum() == 1);
    await().atMost(DEADLINE).until(() -> edge.finished().size() == 1);
    FinishedRequest gone = edge.finished().get(0);
    assertThat(gone.status()).isEqualTo(FinishedRequest.CLIENT_CLOSED);
    assertThat(gone.retries()).isZero();
    // Round-robin over three: an ejected target would be skipped by these.
    IntStream.range(0, 6).forEach(i -> assertThat(edge.client().get(HOST, "/fast").status()).isEqualTo(200));
    assertThat(origins).allSatisfy(origin -> assertThat(origin.fast.get()).as("requests a target answered after the"
      + " client left").isEqualTo(2));
    assertThat(origins.stream().mapToInt(o -> o.slow.get()).sum()).as("requests the targets saw for the client that"
      + " left").isEqualTo(1);
  }

  @Test
  void aClientLeavingWhileItsRequestWaitsForAConnectionNeverReachesTheTarget(Vertx vertx) throws Exception {
    SlowOrigin origin = new SlowOrigin(vertx);
    TestEdge edge = TestEdge.start(vertx, TestEdge.settings().withHttp2Cleartext(true)
        .withMaxConnectionsPerTarget(1))
      .route(HOST, Upstream.of("app", origin.target()));
    HttpClient client = h2cClient(vertx);
    HttpClientRequest holding = client.request(slow(edge.port())).await();
    holding.end().await();
    await().atMost(DEADLINE).until(() -> origin.slow.get() == 1);

    HttpClientRequest waiting = client.request(slow(edge.port())).await();
    waiting.end().await();
    await().atMost(DEADLINE).until(() -> edge.inFlight(origin.target()) == 2);
    waiting.reset().await();
    await().atMost(DEADLINE).until(() -> edge.finished().size() == 1);
    holding.reset().await();
    await().atMost(DEADLINE).until(() -> edge.finished().size() == 2);

    assertThat(edge.finished()).extracting(FinishedRequest::status).containsOnly(FinishedRequest.CLIENT_CLOSED);
    assertThat(origin.slow.get()).as("requests the target saw").isEqualTo(1);
    client.close().await();
  }

  private void leave(Leaving leaving, Vertx vertx, int port, Callable<Boolean> targetHasIt)
    throws Exception {
    switch (leaving) {
      case HTTP2_STREAM_RESET, HTTP2_CONNECTION_CLOSED -> {
        HttpClient client = h2cClient(vertx);
        HttpClientRequest request = client.request(slow(port)).await();
        request.end().await();
        await().atMost(DEADLINE).until(targetHasIt);
        if (leaving == Leaving.HTTP2_STREAM_RESET) {
          request.reset().await();
        } else {
          request.connection().close().await();
        }
        client.close().await();
      }
      case HTTP11_CONNECTION_CLOSED -> {
        try (RawConnection connection = new RawConnection(port)) {
          connection.send("GET /slow HTTP/1.1\r\nHost: " + HOST + "\r\n\r\n");
          await().atMost(DEADLINE).until(targetHasIt);
        }
      }
      case HTTP11_CONNECTION_CLOSED_MID_BODY -> {
        try (RawConnection connection = new RawConnection(port)) {
          connection.send("PUT /slow HTTP/1.1\r\nHost: " + HOST + "\r\nContent-Length: 100\r\n\r\nfirst half");
          await().atMost(DEADLINE).until(targetHasIt);
        }
      }
    }
  }

  private static HttpClient h2cClient(Vertx vertx) {
    return vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
      .setHttp2ClearTextUpgrade(false));
  }

  private static RequestOptions slow(int port) {
    return new RequestOptions().setMethod(HttpMethod.GET).setURI("/slow").setHost(HOST).setPort(port)
      .setServer(SocketAddress.inetSocketAddress(port, "127.0.0.1"));
  }

  /**
   * An HTTP/1.1 origin that never answers {@code /slow} and answers anything else at once; counts both, and the slow
   * requests whose connection closed under them (the edge cancelling them).
   */
  private static final class SlowOrigin {

    final AtomicInteger slow = new AtomicInteger();
    final AtomicInteger cancelled = new AtomicInteger();
    final AtomicInteger fast = new AtomicInteger();
    private final HttpServer server;

    SlowOrigin(Vertx vertx) {
      server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .requestHandler(request -> {
          if (request.path().equals("/slow")) {
            slow.incrementAndGet();
            request.response().closeHandler(v -> cancelled.incrementAndGet());
          } else {
            fast.incrementAndGet();
            request.response().end("fast");
          }
        });
      server.listen().await();
    }

    Target target() {
      return Target.of("127.0.0.1", server.actualPort());
    }
  }
}
