package dev.pharos.edge.proxy;

import dev.pharos.edge.testing.TestSockets;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Where {@link StrictRequestDecoder#install} cannot make a connection strict, it does not let it be served. */
@ExtendWith(VertxExtension.class)
@Timeout(30)
class StrictRequestDecoderTest {

  @Test
  void anH2cListenerNotBuiltByH2cListenerClosesHttp11ConnectionsUnanswered(Vertx vertx) {
    HttpServerOptions options = new HttpServerOptions().setHost("127.0.0.1").setPort(0)
      .setHttp2ClearTextEnabled(true);
    AtomicInteger served = new AtomicInteger();
    HttpServer server = vertx.createHttpServer(options)
      .connectionHandler(connection -> StrictRequestDecoder.install(connection, options))
      .requestHandler(request -> {
        served.incrementAndGet();
        request.response().end("served");
      });
    server.listen().await();

    String response = TestSockets.exchange(server.actualPort(), "GET / HTTP/1.1\r\nHost: app.test\r\n\r\n");

    assertThat(response).isEmpty();
    assertThat(served).hasValue(0);
  }

  @Test
  void anH2cListenerBuiltByH2cListenerServesHttp11Connections(Vertx vertx) {
    HttpServerOptions options = new HttpServerOptions().setHost("127.0.0.1").setPort(0)
      .setHttp2ClearTextEnabled(true);
    HttpServer server = H2cListener.create(vertx, options, Duration.ofSeconds(10))
      .connectionHandler(connection -> StrictRequestDecoder.install(connection, options))
      .requestHandler(request -> request.response().end("served"));
    server.listen().await();

    String response = TestSockets.exchange(server.actualPort(),
      "GET / HTTP/1.1\r\nHost: app.test\r\nConnection: close\r\n\r\n");

    assertThat(response).startsWith("HTTP/1.1 200").endsWith("served");
  }
}
