package dev.pharos.edge.proxy;

import dev.pharos.edge.testing.TestBackend;
import dev.pharos.edge.testing.TestClient.Reply;
import dev.pharos.edge.testing.TestSockets;
import dev.pharos.model.Retries;
import dev.pharos.model.Route;
import dev.pharos.model.Target;
import dev.pharos.model.Timeouts;
import dev.pharos.model.Upstream;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(VertxExtension.class)
@Timeout(30)
class RetriesTest {

  private static final String HOST = "app.test";

  private static Route route(Timeouts timeouts, Retries retries) {
    return new Route("app", List.of(HOST), "/", List.of(), "app", false, timeouts, null, retries);
  }

  @Test
  void everyGetAnswers200WhileOneOfThreeTargetsIsKilled(Vertx vertx) {
    TestBackend a = TestBackend.start(vertx, "a");
    TestBackend b = TestBackend.start(vertx, "b");
    TestBackend c = TestBackend.start(vertx, "c");
    TestEdge edge = TestEdge.start(vertx, 2).route(HOST, Upstream.of("app", a.target(), b.target(), c.target()));
    IntStream.range(0, 6).forEach(i -> assertThat(edge.client().get(HOST, "/").status()).isEqualTo(200));

    b.stop();

    IntStream.range(0, 30).forEach(i -> assertThat(edge.client().get(HOST, "/").status()).isEqualTo(200));
    List<FinishedRequest> retried = edge.finished().stream().filter(r -> r.retries() > 0).toList();
    assertThat(retried).isNotEmpty().allSatisfy(r -> {
      assertThat(r.retries()).isEqualTo(1);
      assertThat(r.target()).isNotEqualTo(b.target());
    });
  }

  @Test
  void aHangingTargetIsRetriedOnAnotherTargetAfterTheResponseTimeout(Vertx vertx) {
    TestBackend hanging = TestBackend.silent(vertx, "hanging");
    TestBackend live = TestBackend.start(vertx, "live");
    TestEdge edge = TestEdge.start(vertx, 1).routes(
      List.of(route(new Timeouts(1_000, 300), new Retries(1, List.of(Retries.TIMEOUT), 20))),
      List.of(Upstream.of("app", hanging.target(), live.target())));

    Reply reply = edge.client().get(HOST, "/slow");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).isEqualTo("live");
    assertThat(hanging.onlyRequest().uri()).isEqualTo("/slow");
    await().until(() -> edge.finished().size() == 1);
    assertThat(edge.finished().get(0).retries()).isEqualTo(1);
    assertThat(edge.finished().get(0).target()).isEqualTo(live.target());
  }

  @Test
  void aPostWithABodyIsNotRetriedOnceItsBodyWasSent(Vertx vertx) {
    TestBackend hanging = TestBackend.silent(vertx, "hanging");
    TestBackend live = TestBackend.start(vertx, "live");
    TestEdge edge = TestEdge.start(vertx, 1).routes(
      List.of(route(new Timeouts(1_000, 300), new Retries(2, List.copyOf(Retries.OUTCOMES), 100))),
      List.of(Upstream.of("app", hanging.target(), live.target())));

    Reply reply = edge.client().send(HttpMethod.POST, HOST, "/orders", MultiMap.caseInsensitiveMultiMap(),
      Buffer.buffer("order-1"));

    assertThat(reply.status()).isEqualTo(504);
    assertThat(hanging.onlyRequest().body().toString()).isEqualTo("order-1");
    assertThat(live.received()).isEmpty();
  }

  @Test
  void aPostIsRetriedWhenNoConnectionWasMade(Vertx vertx) {
    Target refusing = TestSockets.closedTarget(vertx);
    TestBackend live = TestBackend.start(vertx, "live");
    TestEdge edge = TestEdge.start(vertx, 1).route(HOST, Upstream.of("app", refusing, live.target()));

    Reply reply = edge.client().send(HttpMethod.POST, HOST, "/orders", MultiMap.caseInsensitiveMultiMap(),
      Buffer.buffer("order-1"));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(live.onlyRequest().body().toString()).isEqualTo("order-1");
  }

  @Test
  void anAnswerNamedInOnIsRetriedAndItsBodyDiscarded(Vertx vertx) {
    TestBackend unavailable = TestBackend.start(vertx, "unavailable",
      (request, response) -> response.setStatusCode(503).end("try elsewhere"));
    TestBackend live = TestBackend.start(vertx, "live");
    TestEdge edge = TestEdge.start(vertx, 1).routes(
      List.of(route(Timeouts.DEFAULTS, new Retries(1, List.of("503"), 20))),
      List.of(Upstream.of("app", unavailable.target(), live.target())));

    Reply reply = edge.client().get(HOST, "/");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).isEqualTo("live");
    await().until(() -> edge.inFlight(unavailable.target()) == 0 && edge.inFlight(live.target()) == 0);
  }

  @Test
  void theLastAnswerIsSentWhenEveryTargetFails(Vertx vertx) {
    TestBackend a = TestBackend.start(vertx, "a", (request, response) -> response.setStatusCode(503).end("a"));
    TestBackend b = TestBackend.start(vertx, "b", (request, response) -> response.setStatusCode(503).end("b"));
    TestEdge edge = TestEdge.start(vertx, 1).routes(
      List.of(route(Timeouts.DEFAULTS, new Retries(5, List.of("503"), 20))),
      List.of(Upstream.of("app", a.target(), b.target())));

    Reply reply = edge.client().get(HOST, "/");

    assertThat(reply.status()).isEqualTo(503);
    assertThat(reply.body()).isEqualTo("b");
    assertThat(a.received()).hasSize(1);
    assertThat(b.received()).hasSize(1);
  }

  @Test
  void theBudgetStopsRetriesWhenMostRequestsFail(Vertx vertx) {
    List<HttpServerResponse> held = new CopyOnWriteArrayList<>();
    TestBackend.Responder hold = (request, response) -> held.add(response.setStatusCode(503));
    TestBackend a = TestBackend.start(vertx, "a", hold);
    TestBackend b = TestBackend.start(vertx, "b", hold);
    TestEdge edge = TestEdge.start(vertx, 1).routes(
      List.of(route(Timeouts.DEFAULTS, new Retries(1, List.of("503"), 0))),
      List.of(Upstream.of("app", a.target(), b.target())));
    List<Future<Reply>> replies = IntStream.range(0, 4).mapToObj(i -> edge.client().getAsync(HOST, "/")).toList();
    await().until(() -> held.size() == 4);

    List.copyOf(held).forEach(HttpServerResponse::end);

    // Four requests in flight at 0% allow the minimum of one retry in flight.
    await().until(() -> held.size() == 5);
    held.get(4).end();
    assertThat(replies).allSatisfy(reply -> assertThat(reply.await().status()).isEqualTo(503));
    assertThat(a.received().size() + b.received().size()).isEqualTo(5);
  }
}
