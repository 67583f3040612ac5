package dev.pharos.edge.metrics;

import dev.pharos.admin.MetricsSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.metrics.MetricsOptions;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;

import java.util.EnumSet;
import java.util.UUID;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * One node's Prometheus registry: Vert.x's own metrics (worker pools, event bus, pending tasks per event loop), the
 * JVM's, and the edge's {@code pharos_*} series, which are the only per-request ones.
 *
 * <p>vertx-micrometer-metrics keeps registries in a JVM-wide map by name and hands an existing one to whoever asks
 * for the same name again, so every node gets a name of its own; several nodes in one JVM would otherwise share, and
 * mix, their metrics. Vert.x removes the name from that map when it closes.
 */
public final class NodeRegistry implements MetricsSource {

  static final String CONFIG_VERSION = "pharos.config.version";
  static final String CLUSTER_MEMBERS = "pharos.cluster.members";

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final String name;

  public NodeRegistry(String nodeName) {
    this.name = "pharos-" + nodeName + "-" + UUID.randomUUID();
  }

  public MeterRegistry meters() {
    return registry;
  }

  /** Vert.x's metrics options for this registry; pass them with {@link #vertxMetricsFactory()}. */
  public MetricsOptions vertxMetricsOptions() {
    // Vert.x's per-request HTTP series repeat the edge's pharos_* ones, and looking up their meters by tags on every
    // request and response took about a third of the node's CPU per proxied request: they stay off.
    return new MicrometerMetricsOptions()
      .setEnabled(true)
      .setRegistryName(name)
      .setJvmMetricsEnabled(true)
      .setNettyMetricsEnabled(true)
      .addDisabledMetricsCategory(MetricsDomain.HTTP_SERVER)
      .addDisabledMetricsCategory(MetricsDomain.HTTP_CLIENT)
      .setLabels(EnumSet.of(Label.POOL_TYPE, Label.POOL_NAME, Label.EB_SIDE));
  }

  public VertxMetricsFactory vertxMetricsFactory() {
    return new MicrometerMetricsFactory(registry);
  }

  /** Adds the gauges of the node's state; the suppliers are read at each scrape, from any thread. */
  public void watchNode(LongSupplier appliedConfigVersion, IntSupplier clusterMembers) {
    Gauge.builder(CONFIG_VERSION, appliedConfigVersion::getAsLong)
      .description("The config version this node serves")
      .register(registry);
    Gauge.builder(CLUSTER_MEMBERS, clusterMembers::getAsInt)
      .description("Live members of the cluster, as this node sees it")
      .register(registry);
  }

  /** Requests the node has answered since it started, as {@code pharos_requests_total} counts them. */
  public long requestsAnswered() {
    return (long) registry.find(RouteMeters.REQUESTS).counters().stream().mapToDouble(Counter::count).sum();
  }

  @Override
  public String scrape() {
    return registry.scrape();
  }
}
