package dev.pharos.edge.proxy;

import dev.pharos.edge.testing.TestBackend;
import dev.pharos.edge.testing.TestClient.Reply;
import dev.pharos.edge.upstream.StickyKey;
import dev.pharos.model.HashOn;
import dev.pharos.model.LoadBalancing;
import dev.pharos.model.StickySession;
import dev.pharos.model.Upstream;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(VertxExtension.class)
@Timeout(30)
class LoadBalancingTest {

  private static final String HOST = "app.test";

  @Test
  void roundRobinSpreadsRequestsEvenlyOverTwoTargets(Vertx vertx) {
    TestBackend a = TestBackend.start(vertx, "a");
    TestBackend b = TestBackend.start(vertx, "b");
    TestEdge edge = TestEdge.start(vertx, 2).route(HOST, Upstream.of("pair", a.target(), b.target()));

    IntStream.range(0, 10).forEach(i -> assertThat(edge.client().get(HOST, "/").status()).isEqualTo(200));

    assertThat(a.received()).hasSize(5);
    assertThat(b.received()).hasSize(5);
  }

  @Test
  void consistentHashByHeaderSendsEachKeyToOneBackend(Vertx vertx) {
    TestBackend a = TestBackend.start(vertx, "a");
    TestBackend b = TestBackend.start(vertx, "b");
    TestBackend c = TestBackend.start(vertx, "c");
    TestEdge edge = TestEdge.start(vertx, 2).route(HOST, Upstream.of("users", a.target(), b.target(), c.target())
      .withLoadBalancing(LoadBalancing.CONSISTENT_HASH, HashOn.header("X-User")));

    Set<String> used = new HashSet<>();
    for (int user = 0; user < 12; user++) {
      MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("X-User", "user-" + user);
      Set<String> backends = new HashSet<>();
      IntStream.range(0, 4).forEach(i -> backends.add(edge.client().get(HOST, "/", headers).body()));
      assertThat(backends).as("backends of user-%d", user).hasSize(1);
      used.addAll(backends);
    }
    assertThat(used).hasSizeGreaterThan(1);
  }

  @Test
  void leastRequestsAvoidsABackendHoldingASlowRequest(Vertx vertx) {
    List<HttpServerResponse> held = new CopyOnWriteArrayList<>();
    TestBackend a = TestBackend.start(vertx, "a", holdingSlowRequests("a", held));
    TestBackend b = TestBackend.start(vertx, "b", holdingSlowRequests("b", held));
    TestEdge edge = TestEdge.start(vertx, 2).route(HOST, Upstream.of("pair", a.target(), b.target())
      .withLoadBalancing(LoadBalancing.LEAST_REQUESTS, null));

    Future<Reply> slow = edge.client().getAsync(HOST, "/slow");
    await().atMost(Duration.ofSeconds(10)).until(() -> held.size() == 1);
    TestBackend idle = a.received().isEmpty() ? a : b;

    // A request stops counting once the edge has seen the target's response end, which can come a moment after the
    // client has its copy: wait for that, or the next pick could see a tie.
    IntStream.range(0, 10).forEach(i -> {
      await().atMost(Duration.ofSeconds(10)).until(() -> edge.inFlight(idle.target()) == 0);
      assertThat(edge.client().get(HOST, "/").body()).isEqualTo(idle.name());
    });
    held.get(0).end("slow");
    assertThat(slow.await().body()).isEqualTo("slow");
  }

  @Test
  void stickyCookieIsHonouredByAnotherNodeWithTheSameKey(Vertx vertx) {
    StickyKey clusterKey = StickyKey.random();
    TestBackend a = TestBackend.start(vertx, "a");
    TestBackend b = TestBackend.start(vertx, "b");
    TestBackend c = TestBackend.start(vertx, "c");
    Upstream upstream = Upstream.of("shop", a.target(), b.target(), c.target())
      .withStickySession(StickySession.of("PHAROS_STICKY", 3600));
    TestEdge first = TestEdge.start(vertx, clusterKey).route(HOST, upstream);
    TestEdge second = TestEdge.start(vertx, clusterKey).route(HOST, upstream);

    Reply pinned = first.client().get(HOST, "/");
    String setCookie = pinned.header("Set-Cookie");
    assertThat(setCookie).startsWith("PHAROS_STICKY=").contains("Max-Age=3600", "HttpOnly");
    MultiMap withCookie = MultiMap.caseInsensitiveMultiMap()
      .add("Cookie", "theme=dark; " + setCookie.substring(0, setCookie.indexOf(';')));

    for (int i = 0; i < 6; i++) {
      Reply reply = second.client().get(HOST, "/", withCookie);
      assertThat(reply.body()).isEqualTo(pinned.body());
      assertThat(reply.header("Set-Cookie")).isNull();
    }
    Reply forged = second.client().get(HOST, "/", MultiMap.caseInsensitiveMultiMap()
      .add("Cookie", "PHAROS_STICKY=" + "A".repeat(22)));
    assertThat(forged.status()).isEqualTo(200);
    assertThat(forged.header("Set-Cookie")).startsWith("PHAROS_STICKY=").doesNotContain("A".repeat(22));
  }

  @Test
  void stickyCookieForARemovedTargetIsReplaced(Vertx vertx) {
    TestBackend a = TestBackend.start(vertx, "a");
    TestBackend b = TestBackend.start(vertx, "b");
    StickySession sticky = StickySession.of("PHAROS_STICKY", 60);
    TestEdge edge = TestEdge.start(vertx, 1).route(HOST, Upstream.of("shop", a.target()).withStickySession(sticky));
    String toA = edge.client().get(HOST, "/").header("Set-Cookie");
    MultiMap withCookie = MultiMap.caseInsensitiveMultiMap().add("Cookie", toA.substring(0, toA.indexOf(';')));

    edge.route(HOST, Upstream.of("shop", b.target()).withStickySession(sticky));
    Reply reply = edge.client().get(HOST, "/", withCookie);

    assertThat(reply.body()).isEqualTo("b");
    assertThat(reply.header("Set-Cookie")).startsWith("PHAROS_STICKY=").isNotEqualTo(toA);
  }

  @Test
  void aRequestStopsCountingInFlightWhenItsExchangeEndsOrTheClientLeaves(Vertx vertx) {
    List<HttpServerResponse> held = new CopyOnWriteArrayList<>();
    TestBackend backend = TestBackend.start(vertx, "a", holdingSlowRequests("a", held));
    TestEdge edge = TestEdge.start(vertx, 2).route(HOST, Upstream.of("one", backend.target())
      .withLoadBalancing(LoadBalancing.LEAST_REQUESTS, null));

    Future<Reply> answered = edge.client().getAsync(HOST, "/slow");
    await().atMost(Duration.ofSeconds(10)).until(() -> held.size() == 1);
    HttpClientRequest abandoned = vertx.createHttpClient().request(new RequestOptions()
        .setServer(SocketAddress.inetSocketAddress(edge.port(), "127.0.0.1")).setHost(HOST).setPort(80).setURI("/slow"))
      .await();
    abandoned.end();
    await().atMost(Duration.ofSeconds(10)).until(() -> held.size() == 2);
    assertThat(edge.inFlight(backend.target())).isEqualTo(2);

    held.get(0).end("done");
    abandoned.connection().close();
    answered.await();
    await().atMost(Duration.ofSeconds(10)).until(() -> edge.inFlight(backend.target()) == 0);
    assertThat(edge.client().get(HOST, "/").status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(10)).until(() -> edge.inFlight(backend.target()) == 0);
  }

  /** Answers {@code /slow} only when the test ends the response it holds; anything else at once with the name. */
  private static TestBackend.Responder holdingSlowRequests(String name, List<HttpServerResponse> held) {
    return (request, response) -> {
      if (request.uri().startsWith("/slow")) {
        held.add(response);
      } else {
        response.end(name);
      }
    };
  }
}
