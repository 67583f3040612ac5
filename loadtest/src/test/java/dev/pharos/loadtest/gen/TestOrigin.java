package dev.pharos.loadtest.gen;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SelfSignedCertificate;
import java.net.URI;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP server on port 0 (HTTP/1.1 and h2c) that answers every request after a fixed delay, and can stall:
 * once it has received {@code stallAfter} requests it holds every answer until {@code stallMillis} have passed.
 */
final class TestOrigin implements AutoCloseable {

  static final String LOOPBACK = "127.0.0.1";

  private final Vertx vertx = Vertx.vertx();
  private final int status;
  private final long delayMillis;
  private final int stallAfter;
  private final long stallMillis;
  private final AtomicInteger received = new AtomicInteger();
  private final Queue<String> authorities = new ConcurrentLinkedQueue<>();
  private final Queue<String> requests = new ConcurrentLinkedQueue<>();
  private volatile long stallEndsNanos;
  private final HttpServer server;
  private final String scheme;

  private TestOrigin(String host, int port, int status, long delayMillis, int stallAfter, long stallMillis) {
    this(new HttpServerOptions().setHost(host).setPort(port), status, delayMillis, stallAfter, stallMillis);
  }

  private TestOrigin(HttpServerOptions options, int status, long delayMillis, int stallAfter, long stallMillis) {
    this.status = status;
    this.delayMillis = delayMillis;
    this.stallAfter = stallAfter;
    this.stallMillis = stallMillis;
    this.scheme = options.isSsl() ? "https" : "http";
    this.server = vertx.createHttpServer(options).requestHandler(this::handle).listen().await();
  }

  static TestOrigin delaying(long delayMillis) {
    return new TestOrigin(LOOPBACK, 0, 200, delayMillis, 0, 0);
  }

  static TestOrigin stallingAfter(int requests, long stallMillis) {
    return new TestOrigin(LOOPBACK, 0, 200, 0, requests, stallMillis);
  }

  static TestOrigin answering(int status) {
    return new TestOrigin(LOOPBACK, 0, status, 0, 0, 0);
  }

  /** An origin on another loopback address, so two origins can share a port as two DNS answers would. */
  static TestOrigin on(String address, int port) {
    return new TestOrigin(address, port, 200, 0, 0, 0);
  }

  /** An https origin (h2 by ALPN, or HTTP/1.1) with a self-signed certificate. */
  static TestOrigin tls() {
    HttpServerOptions options = new HttpServerOptions().setHost(LOOPBACK).setPort(0).setSsl(true).setUseAlpn(true)
        .setKeyCertOptions(SelfSignedCertificate.create().keyCertOptions());
    return new TestOrigin(options, 200, 0, 0, 0);
  }

  URI uri() {
    return URI.create(scheme + "://" + LOOPBACK + ":" + port() + "/");
  }

  int port() {
    return server.actualPort();
  }

  int received() {
    return received.get();
  }

  Queue<String> authorities() {
    return authorities;
  }

  /** Each request received, as {@code VERSION METHOD path authority bodyBytes}. */
  Queue<String> requests() {
    return requests;
  }

  private void handle(HttpServerRequest request) {
    authorities.add(request.authority().toString());
    request.body().onSuccess(body -> requests.add(request.version() + " " + request.method() + " "
        + request.path() + " " + request.authority() + " " + body.length()));
    if (received.incrementAndGet() == stallAfter) {
      stallEndsNanos = System.nanoTime() + stallMillis * 1_000_000;
    }
    long stallLeftMillis = (stallEndsNanos - System.nanoTime()) / 1_000_000;
    long wait = Math.max(delayMillis, stallLeftMillis);
    if (wait <= 0) {
      respond(request);
    } else {
      vertx.setTimer(wait, id -> respond(request));
    }
  }

  private void respond(HttpServerRequest request) {
    request.response().setStatusCode(status).end("ok");
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
