package dev.pharos.edge.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/**
 * A real HTTP origin on a free loopback port. It answers {@code <name> <path>} with status 200; a request to a path
 * starting with {@code /hang} is never answered, for timeout tests.
 */
public final class EchoBackend implements AutoCloseable {

  private final HttpServer server;

  private EchoBackend(HttpServer server) {
    this.server = server;
  }

  public static EchoBackend start(Vertx vertx, String name) {
    HttpServer server = vertx.createHttpServer().requestHandler(request -> {
      if (request.path().startsWith("/hang")) {
        return;
      }
      request.response().putHeader("X-Backend", name).end(name + " " + request.uri());
    });
    return new EchoBackend(NodeFixtures.await(server.listen(0, "127.0.0.1")));
  }

  public int port() {
    return server.actualPort();
  }

  @Override
  public void close() {
    NodeFixtures.await(server.close());
  }
}
