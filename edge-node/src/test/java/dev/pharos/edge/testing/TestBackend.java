package dev.pharos.edge.testing;

import dev.pharos.model.Target;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server on a free loopback port that records every request it receives, body included, then lets a
 * {@link Responder} answer it. Closed with its Vertx instance. Call from a test thread, never from an event loop.
 */
public final class TestBackend {

  /** A request as the backend received it. */
  public record Received(String method, String uri, MultiMap headers, Buffer body) {

    public String header(String name) {
      return headers.get(name);
    }
  }

  /** Answers a received request; may also never answer. */
  @FunctionalInterface
  public interface Responder {
    void respond(Received request, HttpServerResponse response);
  }

  private final String name;
  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();

  private TestBackend(Vertx vertx, String name, Responder responder) {
    this.name = name;
    this.server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
      .requestHandler(request -> request.body().onSuccess(body -> {
        Received r = new Received(request.method().name(), request.uri(),
          MultiMap.caseInsensitiveMultiMap().addAll(request.headers()), body);
        received.add(r);
        responder.respond(r, request.response());
      }));
  }

  /** A backend answering every request with 200 and its name as a text body. */
  public static TestBackend start(Vertx vertx, String name) {
    return start(vertx, name, (request, response) -> response.putHeader("content-type", "text/plain").end(name));
  }

  public static TestBackend start(Vertx vertx, String name, Responder responder) {
    TestBackend backend = new TestBackend(vertx, name, responder);
    backend.server.listen().await();
    return backend;
  }

  /** A backend that reads each request and never answers it. */
  public static TestBackend silent(Vertx vertx, String name) {
    return start(vertx, name, (request, response) -> {
    });
  }

  public String name() {
    return name;
  }

  public int port() {
    return server.actualPort();
  }

  public Target target() {
    return Target.of("127.0.0.1", port());
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  /** Closes the listener: further connections are refused, as by a backend that died. */
  public void stop() {
    server.close().await();
  }

  /** The only request received so far; fails when there were none or several. */
  public Received onlyRequest() {
    List<Received> all = received();
    if (all.size() != 1) {
      throw new AssertionError(name + " received " + all.size() + " requests (expected: 1): " + all);
    }
    return all.get(0);
  }
}
