package dev.pharos.edge.metrics;

import dev.pharos.edge.proxy.EdgeObserver;
import dev.pharos.edge.proxy.FinishedRequest;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Records what the edge's listeners see: open connections, and each request by route, method and status class, with
 * its latency and body sizes. Shared by every event loop of a node.
 */
public final class EdgeMetrics implements EdgeObserver {

  /** The {@code route} label of requests no route matched (404, and 400 for an invalid path). */
  static final String NO_ROUTE = "none";
  static final String ACTIVE_CONNECTIONS = "pharos.active.connections";

  private final MeterRegistry registry;
  private final ConcurrentMap<String, RouteMeters> routes = new ConcurrentHashMap<>();
  private final AtomicLong activeConnections = new AtomicLong();

  public EdgeMetrics(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder(ACTIVE_CONNECTIONS, activeConnections, AtomicLong::get)
      .description("Client connections open on the public listener")
      .strongReference(true)
      .register(registry);
  }

  @Override
  public void requestEnded(FinishedRequest request) {
    String route = request.routeId() == null ? NO_ROUTE : request.routeId();
    RouteMeters meters = routes.get(route);
    if (meters == null) {
      meters = routes.computeIfAbsent(route, id -> new RouteMeters(registry, id));
    }
    meters.record(MethodLabel.of(request.method()), StatusClass.of(request.status()), request.totalNanos(),
      request.upstreamNanos(), request.bytesReceived(), request.bytesSent());
  }

  @Override
  public void connectionOpened() {
    activeConnections.incrementAndGet();
  }

  @Override
  public void connectionClosed() {
    activeConnections.decrementAndGet();
  }
}
