package dev.pharos.edge.proxy;

import dev.pharos.edge.cache.http.HttpDates;
import dev.pharos.edge.testing.TestBackend;
import dev.pharos.edge.testing.TestClient.Reply;
import dev.pharos.model.Upstream;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code Date} and {@code Warning} of target responses as {@link TargetResponse} sends them on. */
@ExtendWith(VertxExtension.class)
@Timeout(30)
class ResponseDateTest {

  private static Reply answer(Vertx vertx, TestBackend.Responder responder) {
    TestEdge edge = TestEdge.start(vertx, 1);
    TestBackend backend = TestBackend.start(vertx, "app", responder);
    edge.route("app.test", Upstream.of("app", backend.target()));
    return edge.client().get("app.test", "/");
  }

  @Test
  void imfFixdateOfTheTargetIsSentAsWritten(Vertx vertx) {
    Reply reply = answer(vertx, (request, response) ->
      response.putHeader("Date", "Thu, 05 Nov 2026 08:09:07 GMT").end("app"));

    assertThat(reply.header("date")).isEqualTo("Thu, 05 Nov 2026 08:09:07 GMT");
  }

  @Test
  void obsoleteDateFormIsRewrittenAsImfFixdate(Vertx vertx) {
    Reply reply = answer(vertx, (request, response) ->
      response.putHeader("Date", "Sunday, 06-Nov-94 08:49:37 GMT").end("app"));

    assertThat(reply.header("date")).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
  }

  @Test
  void missingOrInvalidDateBecomesTheCurrentTime(Vertx vertx) {
    long before = System.currentTimeMillis() / 1000 * 1000;
    Reply missing = answer(vertx, (request, response) -> response.end("app"));
    Reply invalid = answer(vertx, (request, response) -> response.putHeader("Date", "yesterday").end("app"));
    long after = System.currentTimeMillis();

    for (Reply reply : List.of(missing, invalid)) {
      assertThat(reply.headers().getAll("date")).hasSize(1);
      Instant date = HttpDates.parse(reply.header("date"));
      assertThat(date.toEpochMilli()).isBetween(before, after);
    }
  }

  @Test
  void warningsOfAnotherDateAreDropped(Vertx vertx) {
    Reply reply = answer(vertx, (request, response) -> response
      .putHeader("Date", "Thu, 05 Nov 2026 08:09:07 GMT")
      .putHeader("Warning", List.<String>of("110 - \"stale\" \"Thu, 05 Nov 2026 08:09:07 GMT\"",
        "110 - \"stale\" \"Wed, 04 Nov 2026 08:09:07 GMT\"", "199 - \"no date\""))
      .end("app"));

    assertThat(reply.headers().getAll("warning"))
      .containsExactly("110 - \"stale\" \"Thu, 05 Nov 2026 08:09:07 GMT\"", "199 - \"no date\"");
  }

  @Test
  void imfFixdateShapeIsRecognised() {
    assertThat(TargetResponse.isImfFixdate("Sun, 06 Nov 1994 08:49:37 GMT")).isTrue();
    assertThat(TargetResponse.isImfFixdate("Sun, 6 Nov 1994 08:49:37 GMT")).isFalse();
    assertThat(TargetResponse.isImfFixdate("Sun, 06 Nov 1994 08:49:37 UTC")).isFalse();
    assertThat(TargetResponse.isImfFixdate("Sun, 06-Nov-1994 08:49:37 GMT")).isFalse();
    assertThat(TargetResponse.isImfFixdate("Sun Nov  6 08:49:37 1994")).isFalse();
  }
}
