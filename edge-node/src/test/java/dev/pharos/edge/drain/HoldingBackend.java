package dev.pharos.edge.drain;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An origin on a free loopback port that answers {@code backend <path>} with 200: at once, except for paths under
 * {@code /slow}, answered after the hold time, and under {@code /hang}, never answered. Closed with its Vertx.
 */
final class HoldingBackend {

  private final HttpServer server;
  private final AtomicInteger held = new AtomicInteger();

  private HoldingBackend(Vertx vertx, Duration hold) {
    server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)).requestHandler(request -> {
      String body = "backend " + request.path();
      if (request.path().startsWith("/slow")) {
        held.incrementAndGet();
        vertx.setTimer(hold.toMillis(), timer -> request.response().end(body));
      } else if (request.path().startsWith("/hang")) {
        held.incrementAndGet();
      } else {
        request.response().end(body);
      }
    });
  }

  static HoldingBackend start(Vertx vertx, Duration hold) {
    HoldingBackend backend = new HoldingBackend(vertx, hold);
    backend.server.listen().await();
    return backend;
  }

  int port() {
    return server.actualPort();
  }

  /** How many requests under {@code /slow} or {@code /hang} have arrived so far. */
  int held() {
    return held.get();
  }
}
