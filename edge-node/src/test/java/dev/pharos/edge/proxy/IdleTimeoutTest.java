package dev.pharos.edge.proxy;

import dev.pharos.edge.testing.TestBackend;
import dev.pharos.edge.testing.TestClient;
import dev.pharos.edge.testing.TestSockets;
import dev.pharos.model.Route;
import dev.pharos.model.Target;
import dev.pharos.model.Timeouts;
import dev.pharos.model.Upstream;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The route's idle timeout bounds the silence of a target while its response body streams, apart from the response
 * timeout that bounds the wait for its head.
 */
@ExtendWith(VertxExtension.class)
@Timeout(30)
class IdleTimeoutTest {

  private static final String HOST = "app.test";
  private static final String REQUEST = "GET / HTTP/1.1\r\nHost: " + HOST + "\r\nConnection: close\r\n\r\n";

  private static Route route(Timeouts timeouts) {
    return new Route("app", List.of(HOST), "/", List.of(), "app", false, timeouts);
  }

  @Test
  void aTargetSilentMidBodyIsAbortedAndTheClientConnectionClosed(Vertx vertx) {
    TestBackend stalling = TestBackend.start(vertx, "stalling", (request, response) ->
      response.setChunked(true).write("first part;"));
    TestEdge edge = TestEdge.start(vertx, 1).routes(List.of(route(new Timeouts(1_000, 10_000, 300))),
      List.of(Upstream.of("app", stalling.target())));

    for (String round : List.of("first (cold)", "second")) {
      long start = System.nanoTime();
      String received = TestSockets.exchange(edge.port(), REQUEST);
      long closedAfterMs = (System.nanoTime() - start) / 1_000_000;

      System.out.printf("idle timeout 300 ms, %s request: client connection closed after %d ms%n", round,
        closedAfterMs);
      assertThat(received).startsWith("HTTP/1.1 200").contains("first part;").doesNotContain("\r\n0\r\n\r\n");
    }
  }

  @Test
  void withoutAnIdleTimeoutOfItsOwnTheResponseTimeoutBoundsASilenceMidBody(Vertx vertx) {
    TestBackend stalling = TestBackend.start(vertx, "stalling", (request, response) ->
      response.setChunked(true).write("first part;"));
    TestEdge edge = TestEdge.start(vertx, 1).routes(List.of(route(new Timeouts(1_000, 300))),
      List.of(Upstream.of("app", stalling.target())));

    // Within the raw exchange's 10 s read timeout, or it fails.
    String received = TestSockets.exchange(edge.port(), REQUEST);

    assertThat(received).startsWith("HTTP/1.1 200").contains("first part;").doesNotContain("\r\n0\r\n\r\n");
  }

  @Test
  void theIdleTimeoutReplacesTheResponseTimeoutOnceTheHeadArrives(Vertx vertx) {
    TestBackend slowBody = TestBackend.start(vertx, "slow", (request, response) -> {
      response.setChunked(true).write("one;");
      vertx.setTimer(700, t -> response.write("two;"));
      vertx.setTimer(1_400, t -> response.end("three"));
    });
    TestEdge edge = TestEdge.start(vertx, 1).routes(List.of(route(new Timeouts(1_000, 500, 2_000))),
      List.of(Upstream.of("app", slowBody.target())));

    String received = TestSockets.exchange(edge.port(), REQUEST);

    assertThat(received).startsWith("HTTP/1.1 200").contains("one;", "two;", "three").endsWith("\r\n0\r\n\r\n");
  }

  @Test
  void finishedExchangesAreNotHeldUntilTheirIdleTimeout(Vertx vertx) throws InterruptedException {
    // Not a TestBackend, which keeps every request it receives.
    HttpServer backend = vertx.createHttpServer().requestHandler(request -> request.response().end("ok"))
      .listen(0, "127.0.0.1").await();
    TestEdge edge = TestEdge.start(vertx, 1).routes(List.of(route(new Timeouts(1_000, 60_000, 60_000))),
      List.of(Upstream.of("app", Target.of("127.0.0.1", backend.actualPort()))));
    sendAll(edge.client(), 1_000);
    edge.forgetFinished();
    long before = heapUsedAfterGc();

    sendAll(edge.client(), 10_000);
    edge.forgetFinished();
    long grownMb = (heapUsedAfterGc() - before) >> 20;

    // Held until a 60 s timer fired, each finished exchange kept about 2.7 KB: 27 MB for these.
    System.out.printf("heap grown by %d MB after 10,000 exchanges%n", grownMb);
    assertThat(grownMb).isLessThan(10);
  }

  private static void sendAll(TestClient client, int requests) {
    for (int sent = 0; sent < requests; sent += 50) {
      List<Future<TestClient.Reply>> batch = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        batch.add(client.getAsync(HOST, "/"));
      }
      Future.all(batch).await();
      assertThat(batch).allSatisfy(reply -> assertThat(reply.result().status()).isEqualTo(200));
    }
  }

  private static long heapUsedAfterGc() throws InterruptedException {
    for (int i = 0; i < 2; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
