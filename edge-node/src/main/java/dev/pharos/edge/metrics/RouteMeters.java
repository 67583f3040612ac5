package dev.pharos.edge.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The meters of one route, resolved once so that recording a request is a few array reads and additions. The request
 * counters, one per method and status class, are registered when first used; a route sees only a few of them.
 */
final class RouteMeters {

  static final String REQUESTS = "pharos.requests";
  static final String REQUEST_DURATION = "pharos.request.duration";
  static final String UPSTREAM_DURATION = "pharos.upstream.duration";
  static final String RECEIVED = "pharos.received";
  static final String SENT = "pharos.sent";

  /** Bucket bounds of both latency histograms: from a local hit to a slow upstream, 12 buckets with +Inf. */
  private static final Duration[] LATENCY_BUCKETS = {
    Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
    Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
    Duration.ofMillis(2500), Duration.ofSeconds(10)};

  private static final MethodLabel[] METHODS = MethodLabel.values();
  private static final StatusClass[] CLASSES = StatusClass.values();

  private final MeterRegistry registry;
  private final String route;
  private final AtomicReferenceArray<Counter> requests = new AtomicReferenceArray<>(METHODS.length * CLASSES.length);
  private final Timer duration;
  private final Timer upstreamDuration;
  private final Counter received;
  private final Counter sent;

  RouteMeters(MeterRegistry registry, String route) {
    this.registry = registry;
    this.route = route;
    this.duration = latency(REQUEST_DURATION, "Time from the request reaching the edge until its response ended");
    this.upstreamDuration = latency(UPSTREAM_DURATION,
      "Time from the request reaching the edge until the target's response head arrived or the exchange failed");
    this.received = bytes(RECEIVED, "Request body bytes read from clients");
    this.sent = bytes(SENT, "Response body bytes written to clients");
  }

  void record(MethodLabel method, StatusClass status, long totalNanos, long upstreamNanos, long bytesReceived,
              long bytesSent) {
    requests(method, status).increment();
    duration.record(totalNanos, TimeUnit.NANOSECONDS);
    if (upstreamNanos >= 0) {
      upstreamDuration.record(upstreamNanos, TimeUnit.NANOSECONDS);
    }
    received.increment(bytesReceived);
    sent.increment(bytesSent);
  }

  private Counter requests(MethodLabel method, StatusClass status) {
    int index = method.ordinal() * CLASSES.length + status.ordinal();
    Counter counter = requests.get(index);
    if (counter == null) {
      // Two loops may race here; the registry hands both the same counter.
      counter = Counter.builder(REQUESTS)
        .description("Requests the edge answered, by route, method and status class")
        .tags(Tags.of("route", route, "method", method.name(), "status_class", status.label))
        .register(registry);
      requests.set(index, counter);
    }
    return counter;
  }

  private Timer latency(String name, String description) {
    return Timer.builder(name)
      .description(description)
      .tag("route", route)
      .serviceLevelObjectives(LATENCY_BUCKETS)
      .register(registry);
  }

  private Counter bytes(String name, String description) {
    return Counter.builder(name).description(description).baseUnit("bytes").tag("route", route).register(registry);
  }
}
