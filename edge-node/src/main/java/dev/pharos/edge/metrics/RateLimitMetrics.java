package dev.pharos.edge.metrics;

import dev.pharos.edge.ratelimit.RateLimitObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Counts rate-limit decisions by route and outcome ({@code allowed} or {@code limited}): two counters per route with a
 * rate limit, so the labels stay as bounded as the route table.
 */
public final class RateLimitMetrics implements RateLimitObserver {

  static final String DECISIONS = "pharos.ratelimit.requests";

  private final MeterRegistry registry;
  private final ConcurrentMap<String, Counter[]> routes = new ConcurrentHashMap<>();

  public RateLimitMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void decided(String routeId, boolean admitted) {
    Counter[] counters = routes.get(routeId);
    if (counters == null) {
      counters = routes.computeIfAbsent(routeId, id -> new Counter[] {counter(id, "allowed"), counter(id, "limited")});
    }
    counters[admitted ? 0 : 1].increment();
  }

  private Counter counter(String route, String outcome) {
    return Counter.builder(DECISIONS)
      .description("Requests of rate-limited routes, by route and whether the limits allowed them")
      .tag("route", route)
      .tag("outcome", outcome)
      .register(registry);
  }
}
