package dev.pharos.loadtest.gen;

import java.util.List;
import java.util.Map;

/**
 * What a run measured. Latencies are in milliseconds.
 *
 * @param curve latency by percentile, for the percentile chart
 * @param seconds one entry per second of the measured period, by completion time
 * @param events the {@code --at} commands, in the order they started
 */
public record RunResult(
    String mode,
    double durationSeconds,
    long requests,
    Map<ErrorKind, Long> errors,
    double achievedRate,
    Percentiles latency,
    List<CurvePoint> curve,
    List<Second> seconds,
    List<Event> events) {

  /** Percentile latencies of the successful requests. */
  public record Percentiles(double p50, double p90, double p99, double p999, double max) {}

  public record CurvePoint(double percentile, double millis) {}

  /**
   * A command started during the run.
   *
   * @param at seconds into the measured period
   * @param failure why it could not start, or null
   */
  public record Event(double at, String command, String failure) {}

  public record Second(int second, long requests, long errors, double p99) {}

  public long errorCount() {
    return errors.values().stream().mapToLong(Long::longValue).sum();
  }
}
