package dev.pharos.edge.health;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend on a loopback port of its own that can be killed (its port then refuses connections) and brought back on
 * the same port. It counts probes per member, by {@link Prober#PROBE_HEADER}, apart from traffic, and keeps when each
 * probe came; it can be told to fail its probes while still serving traffic, to answer traffic with another status,
 * or to hang (read every request and answer none). Call from a test thread, never from an event loop.
 */
final class ProbedBackend {

  private final Vertx vertx;
  private final String name;
  private final Map<String, AtomicInteger> probes = new ConcurrentHashMap<>();
  private final AtomicInteger traffic = new AtomicInteger();
  private final List<Long> probeNanos = new CopyOnWriteArrayList<>();
  // 0: leave probes unanswered.
  private volatile int probeStatus = 200;
  // 0: leave traffic unanswered.
  private volatile int trafficStatus = 200;
  private int port;
  private HttpServer server;

  private ProbedBackend(Vertx vertx, String name) {
    this.vertx = vertx;
    this.name = name;
  }

  static ProbedBackend start(Vertx vertx, String name) {
    ProbedBackend backend = new ProbedBackend(vertx, name);
    backend.listen(0);
    return backend;
  }

  private void listen(int onPort) {
    server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(onPort))
      .requestHandler(request -> {
        String prober = request.getHeader(Prober.PROBE_HEADER);
        if (prober != null) {
          probes.computeIfAbsent(prober, p -> new AtomicInteger()).incrementAndGet();
          probeNanos.add(System.nanoTime());
          int status = probeStatus;
          if (status != 0) {
            request.response().setStatusCode(status).end();
          }
        } else {
          traffic.incrementAndGet();
          int status = trafficStatus;
          if (status != 0) {
            request.response().setStatusCode(status).end(name);
          }
        }
      })
      .listen().await();
    port = server.actualPort();
  }

  void kill() {
    server.close().await();
  }

  void revive() {
    listen(port);
  }

  void answerProbesWith(int status) {
    probeStatus = status;
  }

  /** Reads probes and never answers them, while traffic is still served. */
  void hangProbes() {
    probeStatus = 0;
  }

  /** Reads every request, probe or traffic, and answers none. */
  void hang() {
    probeStatus = 0;
    trafficStatus = 0;
  }

  /** Answers traffic with {@code status}; probes keep their own answer. */
  void answerTrafficWith(int status) {
    trafficStatus = status;
  }

  /** {@link System#nanoTime()} of every probe received so far. */
  List<Long> probeTimes() {
    return List.copyOf(probeNanos);
  }

  String name() {
    return name;
  }

  String address() {
    return "127.0.0.1:" + port;
  }

  int port() {
    return port;
  }

  /** Probes received so far, by the node name that sent them. */
  Map<String, Integer> probesByMember() {
    Map<String, Integer> counts = new TreeMap<>();
    probes.forEach((member, count) -> counts.put(member, count.get()));
    return counts;
  }

  void forgetProbes() {
    probes.clear();
  }

  int traffic() {
    return traffic.get();
  }
}
