package dev.pharos.edge.proxy;

import dev.pharos.edge.testing.TestBackend;
import dev.pharos.edge.testing.TestClient.Reply;
import dev.pharos.edge.testing.TestSockets;
import dev.pharos.model.Route;
import dev.pharos.model.Target;
import dev.pharos.model.Timeouts;
import dev.pharos.model.Upstream;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(VertxExtension.class)
@Timeout(30)
class EdgeErrorsTest {

  private Vertx vertx;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
  }

  /** An answer of the edge's own: fixed status and body, and the edge's headers like every other response. */
  private static void assertEdgeAnswer(Reply reply, int status, String body) {
    assertThat(reply.status()).isEqualTo(status);
    assertThat(reply.body()).isEqualTo(body);
    assertThat(reply.header("content-type")).isEqualTo("text/plain;charset=utf-8");
    assertThat(reply.header("x-served-by")).isEqualTo(TestEdge.NODE);
    assertThat(reply.header("x-request-id")).isNotBlank();
  }

  private static Route route(String upstream, Timeouts timeouts) {
    return new Route(upstream, List.of("app.test"), "/", List.of(), upstream, false, timeouts);
  }

  @Test
  void returns404WhenNoRouteMatches() {
    TestEdge edge = TestEdge.start(vertx, 1).route("app.test", Upstream.of("app", Target.of("127.0.0.1", 9)));

    Reply reply = edge.client().get("other.test", "/<script>alert(1)</script>");

    assertEdgeAnswer(reply, 404, "404 no route\n");
  }

  @Test
  void returns400ForAnInvalidRequestPath() {
    TestEdge edge = TestEdge.start(vertx, 1).route("app.test", Upstream.of("app", Target.of("127.0.0.1", 9)));

    String response = TestSockets.exchange(edge.port(),
      "GET not-a-path HTTP/1.1\r\nHost: app.test\r\nConnection: close\r\n\r\n");

    assertThat(response).startsWith("HTTP/1.1 400 Bad Request\r\n")
      .containsIgnoringCase("\r\nx-served-by: " + TestEdge.NODE + "\r\n")
      .containsIgnoringCase("\r\nx-request-id: ")
      .endsWith("\r\n\r\n400 invalid request path\n")
      .doesNotContain("not-a-path");
  }

  @Test
  void returns503WhenTheUpstreamHasNoTargets() {
    TestEdge edge = TestEdge.start(vertx, 1).route("app.test", Upstream.of("empty"));

    assertEdgeAnswer(edge.client().get("app.test", "/"), 503, "503 no upstream target\n");
  }

  @Test
  void returns502WhenTheTargetRefusesConnections() {
    TestEdge edge = TestEdge.start(vertx, 1).route("app.test", Upstream.of("gone", TestSockets.closedTarget(vertx)));

    assertEdgeAnswer(edge.client().get("app.test", "/"), 502, "502 bad gateway\n");
  }

  @Test
  void logsUpstreamFailuresAtMostOnceASecondCountingThoseLeftOut() throws InterruptedException {
    Logger log = Logger.getLogger(UpstreamStage.class.getName());
    List<String> warnings = new CopyOnWriteArrayList<>();
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord record) {
        if (record.getLevel() == Level.WARNING) {
          warnings.add(record.getMessage());
        }
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    };
    log.addHandler(handler);
    try {
      TestEdge edge = TestEdge.start(vertx, 1).route("app.test", Upstream.of("gone", TestSockets.closedTarget(vertx)));
      long start = System.nanoTime();
      for (int i = 0; i < 20; i++) {
        assertThat(edge.client().get("app.test", "/").status()).isEqualTo(502);
      }
      long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
      assertThat(warnings).hasSizeBetween(1, (int) seconds + 1);

      Thread.sleep(1_100);
      assertThat(edge.client().get("app.test", "/").status()).isEqualTo(502);

      assertThat(warnings.get(warnings.size() - 1)).contains("502 after")
        .containsPattern("\\(\\d+ more upstream failures not logged since the last line\\)");
    } finally {
      log.removeHandler(handler);
    }
  }

  @Test
  void returns502WhenTheTargetAnswersWithSomethingOtherThanHttp() {
    Target garbage = TestSockets.replying(vertx, "SSH-2.0-OpenSSH_9.6\r\n\r\n");
    TestEdge edge = TestEdge.start(vertx, 1).route("app.test", Upstream.of("garbage", garbage));

    assertEdgeAnswer(edge.client().get("app.test", "/"), 502, "502 bad gateway\n");
  }

  @Test
  void returns504WhenTheTargetDoesNotAnswerWithinTheResponseTimeout() {
    TestBackend silent = TestBackend.silent(vertx, "silent");
    TestEdge edge = TestEdge.start(vertx, 1).routes(List.of(route("silent", new Timeouts(1_000, 300))),
      List.of(Upstream.of("silent", silent.target())));

    assertEdgeAnswer(edge.client().get("app.test", "/slow"), 504, "504 upstream timeout\n");
    assertThat(silent.onlyRequest().uri()).isEqualTo("/slow");
  }

  @Test
  void returns504WhenNoConnectionIsFreeWithinTheConnectTimeout() {
    TestBackend silent = TestBackend.silent(vertx, "silent");
    TestEdge edge = TestEdge.start(vertx, TestEdge.settings().withMaxConnectionsPerTarget(1))
      .routes(List.of(route("silent", new Timeouts(200, 20_000))), List.of(Upstream.of("silent", silent.target())));
    Future<Reply> holdsTheOnlyConnection = edge.client().getAsync("app.test", "/first");
    await().until(() -> silent.received().size() == 1);

    long start = System.nanoTime();
    Reply reply = edge.client().get("app.test", "/second");

    assertEdgeAnswer(reply, 504, "504 upstream timeout\n");
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10_000);
    assertThat(holdsTheOnlyConnection.isComplete()).isFalse();
  }

  @Test
  void returns503WhenTooManyRequestsWaitForAConnection() {
    TestBackend silent = TestBackend.silent(vertx, "silent");
    TestEdge edge = TestEdge.start(vertx, TestEdge.settings().withMaxConnectionsPerTarget(1).withMaxPendingPerTarget(0))
      .route("app.test", Upstream.of("silent", silent.target()));
    edge.client().getAsync("app.test", "/first");
    await().until(() -> silent.received().size() == 1);

    assertEdgeAnswer(edge.client().get("app.test", "/second"), 503, "503 upstream busy\n");
  }
}
