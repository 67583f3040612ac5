package dev.pharos.edge.accesslog;

import dev.pharos.edge.limits.ConnectionLimiter;
import dev.pharos.edge.metrics.NodeRegistry;
import dev.pharos.edge.proxy.EdgeVerticle;
import dev.pharos.edge.proxy.ProxySettings;
import dev.pharos.edge.ratelimit.RateLimitObserver;
import dev.pharos.edge.ratelimit.RateLimitSettings;
import dev.pharos.edge.ratelimit.RateLimiter;
import dev.pharos.edge.routing.LiveRouteTable;
import dev.pharos.edge.routing.RouteTable;
import dev.pharos.edge.upstream.Balancers;
import dev.pharos.edge.upstream.StickyKey;
import dev.pharos.edge.testing.PrometheusSamples;
import dev.pharos.edge.testing.TestBackend;
import dev.pharos.edge.testing.TestClient;
import dev.pharos.model.ConfigSnapshot;
import dev.pharos.model.Route;
import dev.pharos.model.Upstream;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A real edge and backend, with an access log whose sink blocks until the test lets it go. */
@ExtendWith(VertxExtension.class)
class AccessLogFloodTest {

  private static final int REQUESTS = 300;
  private static final int QUEUE = 8;

  @Test
  void requestsCompleteWhileTheSinkIsBlockedAndEveryLineIsWrittenOrCountedAsDropped(Vertx vertx) throws Exception {
    TestBackend backend = TestBackend.start(vertx, "backend");
    NodeRegistry metrics = new NodeRegistry("flood-test");
    BlockedSink sink = new BlockedSink();
    AccessLog accessLog = new AccessLog("flood-test", sink, QUEUE, metrics.meters());
    ProxySettings settings = ProxySettings.of(0, "flood-test").withHost("127.0.0.1");
    EdgeVerticle edge = new EdgeVerticle(settings, routeTo(backend), accessLog,
      ConnectionLimiter.of(settings.limits()),
      RateLimiter.standalone(vertx, RateLimitSettings.DEFAULTS, RateLimitObserver.NONE), null, null);
    vertx.deployVerticle(edge).await();
    TestClient client = new TestClient(vertx, edge.actualPort());

    List<Future<TestClient.Reply>> replies = IntStream.range(0, REQUESTS)
      .mapToObj(i -> client.getAsync("flood.example", "/item/" + i)).toList();
    Future.all(replies).await(60, TimeUnit.SECONDS);

    assertThat(replies).allSatisfy(reply -> assertThat(reply.result().status()).isEqualTo(200));
    assertThat(dropped(metrics)).isPositive();

    sink.release();
    await().atMost(Duration.ofSeconds(30)).until(() -> sink.lines() + dropped(metrics) == REQUESTS);
    assertThat(dropped(metrics)).isEqualTo(REQUESTS - sink.lines());
    accessLog.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static LiveRouteTable routeTo(TestBackend backend) {
    LiveRouteTable routes = new LiveRouteTable();
    routes.swap(RouteTable.compile(ConfigSnapshot.of(1, List.of(Route.of("flood", "flood.example", "/", "flood")),
      List.of(Upstream.of("flood", backend.target()))), new Balancers(StickyKey.random())));
    return routes;
  }

  private static double dropped(NodeRegistry metrics) {
    return new PrometheusSamples(metrics.scrape()).value("pharos_access_log_dropped_total", Map.of());
  }

  /** Blocks every write until released, then counts the lines it is given. */
  private static final class BlockedSink extends OutputStream {

    private final CountDownLatch released = new CountDownLatch(1);
    private final AtomicInteger lines = new AtomicInteger();

    void release() {
      released.countDown();
    }

    int lines() {
      return lines.get();
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      try {
        released.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      for (int i = offset; i < offset + length; i++) {
        if (bytes[i] == '\n') {
          lines.incrementAndGet();
        }
      }
    }
  }
}
