package dev.pharos.edge.testing;

import dev.pharos.model.Target;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;

/** Loopback sockets for the cases an HTTP server cannot play. Call from a test thread. */
public final class TestSockets {

  private TestSockets() {
  }

  /** A loopback target nothing listens on: a port bound and closed again, so connecting to it is refused. */
  public static Target closedTarget(Vertx vertx) {
    NetServer server = vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0));
    server.connectHandler(socket -> socket.close()).listen().await();
    int port = server.actualPort();
    server.close().await();
    return Target.of("127.0.0.1", port);
  }

  /**
   * Sends {@code request} as raw bytes to a loopback port and returns everything received until the peer closes. Lets
   * a test send what an HTTP client would refuse or rewrite.
   */
  /**
   * Writes raw bytes and returns what came back once {@code last} has arrived, or once the server closed the
   * connection. Waiting for the expected ending, rather than for the close, keeps the exchange independent of
   * how the server's close races the last read.
   */
  public static String exchange(Vertx vertx, int port, String request, String last) {
    return vertx.createNetClient().connect(port, "127.0.0.1").compose(socket -> {
      Buffer received = Buffer.buffer();
      Promise<String> done = Promise.promise();
      socket.handler(data -> {
        received.appendBuffer(data);
        if (received.toString().endsWith(last)) {
          done.tryComplete(received.toString());
          socket.close();
        }
      });
      socket.closeHandler(v -> done.tryComplete(received.toString()));
      socket.write(request);
      return done.future();
    }).await();
  }

  /** A loopback target that answers whatever it receives first with {@code reply} and closes the connection. */
  public static Target replying(Vertx vertx, String reply) {
    NetServer server = vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0));
    server.connectHandler(socket -> socket.handler(data -> socket.end(Buffer.buffer(reply))))
      .listen().await();
    return Target.of("127.0.0.1", server.actualPort());
  }
}
