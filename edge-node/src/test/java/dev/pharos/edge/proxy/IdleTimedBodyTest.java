package dev.pharos.edge.proxy;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** A timed body is read like the Vert.x response it wraps, by a real client from a real server. */
@ExtendWith(VertxExtension.class)
@Timeout(10)
class IdleTimedBodyTest {

  @Test
  void aReaderMayClearItsHandlersOnceTheBodyEnded(Vertx vertx, VertxTestContext test) {
    HttpServer server = vertx.createHttpServer().requestHandler(request -> request.response().end("the body"));
    int port = server.listen(0, "127.0.0.1").await().actualPort();
    HttpClient client = vertx.createHttpClient();
    BodySilences silences = new BodySilences(vertx);
    StringBuilder read = new StringBuilder();

    vertx.runOnContext(go -> client.request(HttpMethod.GET, port, "127.0.0.1", "/")
      .compose(HttpClientRequest::send)
      .onComplete(test.succeeding(response -> {
        IdleTimedBody body = new IdleTimedBody(silences, response.request(), response, 60_000);
        body.handler(chunk -> read.append(chunk));
        body.exceptionHandler(test::failNow);
        body.endHandler(end -> test.verify(() -> {
          // What a pipe does once the body ended; the Vert.x response throws when given a handler after its end.
          body.exceptionHandler(null);
          body.endHandler(null);
          assertThat(read).hasToString("the body");
          test.completeNow();
        }));
      })));
  }
}
