package dev.pharos.edge.demo;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

import java.util.Locale;

/**
 * A demo origin: {@code java -cp pharos-edge.jar dev.pharos.edge.demo.DemoBackend --port 8001 [--name demo-1]
 * [--host 0.0.0.0]}. Listens on 127.0.0.1 unless {@code --host} says otherwise (a container: 0.0.0.0) and answers every request with what it received, as JSON:
 * <pre>
 * {"backend": "demo-1", "method": "GET", "path": "/x", "query": "a=1",
 *  "headers": {"host": "demo.localhost", "x-forwarded-for": "127.0.0.1", "x-request-id": "…"}}
 * </pre>
 * Only {@code Host}, {@code X-Request-Id} and the {@code X-Forwarded-*} headers are echoed, under lower-case names.
 */
public final class DemoBackend {

  private static final String USAGE = "usage: java -cp pharos-edge.jar " + DemoBackend.class.getName()
    + " --port PORT [--name NAME] [--host ADDRESS]";

  private DemoBackend() {
  }

  public static void main(String[] args) {
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
      System.out.println(USAGE);
      return;
    }
    Integer port = null;
    String name = null;
    String host = "127.0.0.1";
    try {
      for (int i = 0; i < args.length; i += 2) {
        if (!args[i].equals("--port") && !args[i].equals("--name") && !args[i].equals("--host")) {
          throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
        }
        if (i + 1 == args.length) {
          throw new IllegalArgumentException(args[i] + " needs a value");
        }
        if (args[i].equals("--port")) {
          port = parsePort(args[i + 1]);
        } else if (args[i].equals("--host")) {
          host = args[i + 1];
        } else {
          name = args[i + 1];
        }
      }
      if (port == null) {
        throw new IllegalArgumentException("--port is required");
      }
    } catch (IllegalArgumentException e) {
      System.err.println("demo backend: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    start(host, port, name != null ? name : "demo-" + port);
  }

  private static void start(String host, int port, String backend) {
    Vertx vertx = Vertx.vertx();
    vertx.createHttpServer()
      .requestHandler(request -> answer(request, backend))
      .listen(port, host)
      .onSuccess(server -> System.out.println("demo backend " + backend + " listening on " + host + ":" + port))
      .onFailure(e -> {
        System.err.println("demo backend " + backend + ": cannot listen on " + host + ":" + port + ": " + e.getMessage());
        System.exit(1);
      });
  }

  private static void answer(HttpServerRequest request, String backend) {
    JsonObject headers = new JsonObject();
    request.headers().names().forEach(header -> {
      String lower = header.toLowerCase(Locale.ROOT);
      if (lower.equals("host") || lower.equals("x-request-id") || lower.startsWith("x-forwarded-")) {
        headers.put(lower, String.join(", ", request.headers().getAll(header)));
      }
    });
    JsonObject body = new JsonObject()
      .put("backend", backend)
      .put("method", request.method().name())
      .put("path", request.path())
      .put("query", request.query())
      .put("headers", headers);
    // Answer once the request body has arrived, so a client still sending is not cut off.
    request.end().onComplete(ar -> request.response()
      .putHeader("Content-Type", "application/json")
      .end(body.encodePrettily() + "\n"));
  }

  private static int parsePort(String value) {
    try {
      int port = Integer.parseInt(value);
      if (port >= 1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // falls through to the same message as an out-of-range number
    }
    throw new IllegalArgumentException("--port '" + value + "' (expected: 1..65535)");
  }
}
