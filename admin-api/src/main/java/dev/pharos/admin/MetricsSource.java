package dev.pharos.admin;

/** The node's metrics, served without a token at {@code /metrics}. */
public interface MetricsSource {

  /** The {@code Content-Type} of {@link #scrape()}: Prometheus text exposition format 0.0.4. */
  String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  /** Every metric's current value in the Prometheus text format. May take a few milliseconds; called off the loop. */
  String scrape();
}
