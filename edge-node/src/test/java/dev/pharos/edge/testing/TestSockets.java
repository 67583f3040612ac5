package dev.pharos.edge.testing;

import dev.pharos.model.Target;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

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
   * Sends {@code request} as raw bytes to a loopback port on a plain blocking socket and returns everything received
   * until the peer closes (send {@code Connection: close}). Lets a test send what an HTTP client would refuse or
   * rewrite. A Vert.x client on a fresh instance lost the first response now and then, which a test of the server
   * must not depend on.
   */
  public static String exchange(int port, String request) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new AssertionError("raw exchange with port " + port + " failed: " + e, e);
    }
  }

  /** A loopback target that answers whatever it receives first with {@code reply} and closes the connection. */
  public static Target replying(Vertx vertx, String reply) {
    NetServer server = vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0));
    server.connectHandler(socket -> socket.handler(data -> socket.end(Buffer.buffer(reply))))
      .listen().await();
    return Target.of("127.0.0.1", server.actualPort());
  }
}
