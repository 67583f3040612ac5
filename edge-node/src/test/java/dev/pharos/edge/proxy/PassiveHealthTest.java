package dev.pharos.edge.proxy;

import dev.pharos.edge.testing.TestBackend;
import dev.pharos.edge.testing.TestSockets;
import dev.pharos.model.OutlierDetection;
import dev.pharos.model.Target;
import dev.pharos.model.Upstream;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Passive health on one edge: targets that fail real requests are ejected, and requests stop trying them. */
@ExtendWith(VertxExtension.class)
@Timeout(30)
class PassiveHealthTest {

  private static final String HOST = "app.test";

  @Test
  void aTargetRefusingConnectionsIsEjectedAndNoLongerTried(Vertx vertx) {
    TestBackend a = TestBackend.start(vertx, "a");
    TestBackend b = TestBackend.start(vertx, "b");
    Target refusing = TestSockets.closedTarget(vertx);
    TestEdge edge = TestEdge.start(vertx, 1).route(HOST, Upstream.of("app", a.target(), refusing, b.target())
      .withOutlierDetection(new OutlierDetection(2, 5, 60_000, 60_000)));

    IntStream.range(0, 30).forEach(i -> assertThat(edge.client().get(HOST, "/").status()).isEqualTo(200));

    await().until(() -> edge.finished().size() == 30);
    List<FinishedRequest> finished = edge.finished();
    assertThat(finished.stream().filter(r -> r.retries() > 0)).as("requests retried after a refused connection")
      .hasSize(2);
    assertThat(finished.subList(10, 30)).allSatisfy(r -> assertThat(r.retries()).isZero());
  }

  @Test
  void aTargetAnswering5xxIsEjectedAfterItsThreshold(Vertx vertx) {
    TestBackend a = TestBackend.start(vertx, "a");
    TestBackend failing = TestBackend.start(vertx, "failing", (request, response) -> response.setStatusCode(500)
      .end("failing"));
    TestBackend c = TestBackend.start(vertx, "c");
    TestEdge edge = TestEdge.start(vertx, 1).route(HOST, Upstream.of("app", a.target(), failing.target(), c.target())
      .withOutlierDetection(new OutlierDetection(5, 3, 60_000, 60_000)));

    List<Integer> statuses = IntStream.range(0, 30).mapToObj(i -> edge.client().get(HOST, "/").status()).toList();

    assertThat(failing.received()).hasSize(3);
    assertThat(statuses.stream().filter(s -> s == 500)).hasSize(3);
    assertThat(statuses.subList(10, 30)).containsOnly(200);
  }

  @Test
  void aTargetIsNotEjectedWhenThatWouldPassThePanicThreshold(Vertx vertx) {
    TestBackend failing = TestBackend.start(vertx, "failing", (request, response) -> response.setStatusCode(503)
      .end("failing"));
    TestEdge edge = TestEdge.start(vertx, 1).route(HOST, Upstream.of("app", failing.target())
      .withOutlierDetection(new OutlierDetection(5, 1, 60_000, 60_000)));

    List<Integer> statuses = IntStream.range(0, 5).mapToObj(i -> edge.client().get(HOST, "/").status()).toList();

    assertThat(statuses).as("the only target keeps its traffic").containsOnly(503);
    assertThat(failing.received()).hasSize(5);
  }
}
