package dev.pharos.edge.proxy;

import dev.pharos.edge.testing.TestBackend;
import dev.pharos.edge.testing.TestClient.Reply;
import dev.pharos.model.RateLimit;
import dev.pharos.model.RateLimitKey;
import dev.pharos.model.RateLimitRule;
import dev.pharos.model.Route;
import dev.pharos.model.Upstream;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.stream.IntStream;

import static dev.pharos.model.RateLimitRule.Period.HOUR;
import static dev.pharos.model.RateLimitRule.Period.MINUTE;
import static org.assertj.core.api.Assertions.assertThat;

/** The rate-limit stage on one edge that is its own cluster: 429s, Retry-After and the RateLimit headers. */
@ExtendWith(VertxExtension.class)
@Timeout(30)
class RateLimitStageTest {

  private static final String HOST = "app.test";

  private static TestEdge edge(Vertx vertx, TestBackend backend, RateLimit rateLimit) {
    Upstream upstream = Upstream.of("app", backend.target());
    Route route = Route.of("app", HOST, "/", "app").withRateLimit(rateLimit);
    return TestEdge.start(vertx, 1).routes(List.of(route, Route.of("free", "free.test", "/", "app")),
      List.of(upstream));
  }

  @Test
  void answers429WithRetryAfterOnceTheBurstIsSpentAndSendsTheHeadersEitherWay(Vertx vertx) {
    TestBackend backend = TestBackend.start(vertx, "backend");
    TestEdge edge = edge(vertx, backend, RateLimit.of(RateLimitRule.of(3, MINUTE)));

    List<Reply> replies = IntStream.range(0, 5).mapToObj(i -> edge.client().get(HOST, "/")).toList();

    assertThat(replies).extracting(Reply::status).containsExactly(200, 200, 200, 429, 429);
    assertThat(backend.received()).hasSize(3);
    assertThat(replies).allSatisfy(reply ->
      assertThat(reply.header("RateLimit-Policy")).isEqualTo("\"3-per-minute\";q=3;w=60"));
    assertThat(replies.get(0).header("RateLimit")).isEqualTo("\"3-per-minute\";r=2;t=20");
    assertThat(replies.get(2).header("RateLimit")).isEqualTo("\"3-per-minute\";r=0;t=60");
    Reply refused = replies.get(3);
    assertThat(refused.header("Retry-After")).isEqualTo("20");
    assertThat(refused.header("RateLimit")).isEqualTo("\"3-per-minute\";r=0;t=60");
    assertThat(refused.body()).isEqualTo("429 too many requests\n");
    assertThat(replies.get(0).header("Retry-After")).isNull();
  }

  @Test
  void aRouteWithoutLimitsSendsNoRateLimitHeaders(Vertx vertx) {
    TestBackend backend = TestBackend.start(vertx, "backend");
    TestEdge edge = edge(vertx, backend, RateLimit.of(RateLimitRule.of(1, MINUTE)));

    Reply reply = edge.client().get("free.test", "/");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("RateLimit-Policy")).isNull();
    assertThat(reply.header("RateLimit")).isNull();
  }

  @Test
  void countsEachHeaderValueApartAndEveryLimitApplies(Vertx vertx) {
    TestBackend backend = TestBackend.start(vertx, "backend");
    TestEdge edge = edge(vertx, backend, RateLimit.of(
      RateLimitRule.of(2, MINUTE).withName("per-key").withKey(RateLimitKey.header("X-Api-Key")),
      RateLimitRule.of(5, HOUR).withName("route-wide").withKey(RateLimitKey.ROUTE)));

    List<Integer> statuses = IntStream.range(0, 8)
      .mapToObj(i -> edge.client().get(HOST, "/", MultiMap.caseInsensitiveMultiMap().add("X-Api-Key", "k" + i % 3))
        .status())
      .toList();

    // k0, k1, k2, k0, k1 pass per key and spend the route's 5; then k2 (its second) meets the route-wide limit.
    assertThat(statuses).containsExactly(200, 200, 200, 200, 200, 429, 429, 429);
    Reply last = edge.client().get(HOST, "/", MultiMap.caseInsensitiveMultiMap().add("X-Api-Key", "k9"));
    assertThat(last.header("RateLimit-Policy")).isEqualTo("\"per-key\";q=2;w=60, \"route-wide\";q=5;w=3600");
    assertThat(last.header("Retry-After")).isEqualTo("720");
  }

  @Test
  void exactModeAsksTheOwnerForEveryRequest(Vertx vertx) {
    TestBackend backend = TestBackend.start(vertx, "backend");
    TestEdge edge = edge(vertx, backend, RateLimit.of(RateLimitRule.of(2, HOUR).withMode(RateLimitRule.Mode.EXACT)));

    List<Integer> statuses = IntStream.range(0, 4).mapToObj(i -> edge.client().get(HOST, "/").status()).toList();

    assertThat(statuses).containsExactly(200, 200, 429, 429);
    assertThat(backend.received()).hasSize(2);
  }
}
