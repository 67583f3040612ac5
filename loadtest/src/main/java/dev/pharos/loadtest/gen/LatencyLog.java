package dev.pharos.loadtest.gen;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Records each answer against the time its request was meant to be sent. Answers to requests meant for the warm-up
 * are dropped. One lock: the event loops that record are few, and the work under it is a histogram increment.
 */
final class LatencyLog {

  private static final long MAX_TRACKED_NANOS = TimeUnit.MINUTES.toNanos(10);
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  private final long measureFromNanos;
  private final Histogram total = new Histogram(MAX_TRACKED_NANOS, 3);
  private final Map<ErrorKind, Long> errors = new EnumMap<>(ErrorKind.class);
  private final List<Bucket> buckets = new ArrayList<>();
  private long requests;

  LatencyLog(long measureFromNanos) {
    this.measureFromNanos = measureFromNanos;
  }

  /** @param error null for a success */
  synchronized void record(long intendedNanos, long doneNanos, ErrorKind error) {
    if (intendedNanos < measureFromNanos) {
      return;
    }
    requests++;
    Bucket bucket = bucket(doneNanos);
    bucket.requests++;
    if (error != null) {
      errors.merge(error, 1L, Long::sum);
      bucket.errors++;
      return;
    }
    long latency = Math.min(Math.max(doneNanos - intendedNanos, 1), MAX_TRACKED_NANOS);
    total.recordValue(latency);
    bucket.latency.recordValue(latency);
  }

  synchronized Progress progress() {
    long errorCount = errors.values().stream().mapToLong(Long::longValue).sum();
    return new Progress(requests, errorCount, millis(total.getValueAtPercentile(50)),
        millis(total.getValueAtPercentile(99)));
  }

  synchronized RunResult result(String mode, long measuredNanos, List<RunResult.Event> events) {
    double secondsMeasured = measuredNanos / (double) SECOND;
    var latency = new RunResult.Percentiles(percentile(50), percentile(90), percentile(99), percentile(99.9),
        millis(total.getMaxValue()));
    List<RunResult.CurvePoint> curve = new ArrayList<>();
    total.percentiles(5).forEach(v -> curve.add(
        new RunResult.CurvePoint(v.getPercentileLevelIteratedTo(), millis(v.getValueIteratedTo()))));
    List<RunResult.Second> series = new ArrayList<>();
    for (int i = 0; i < buckets.size(); i++) {
      Bucket b = buckets.get(i);
      series.add(new RunResult.Second(i, b.requests, b.errors, millis(b.latency.getValueAtPercentile(99))));
    }
    return new RunResult(mode, secondsMeasured, requests, new EnumMap<>(errors), requests / secondsMeasured,
        latency, curve, series, events);
  }

  private Bucket bucket(long doneNanos) {
    int index = (int) (Math.max(0, doneNanos - measureFromNanos) / SECOND);
    while (buckets.size() <= index) {
      buckets.add(new Bucket());
    }
    return buckets.get(index);
  }

  private double percentile(double p) {
    return millis(total.getValueAtPercentile(p));
  }

  private static double millis(long nanos) {
    return nanos / 1e6;
  }

  /** Totals so far, for the progress line. */
  record Progress(long requests, long errors, double p50, double p99) {}

  private static final class Bucket {
    // Two digits and auto-resizing: a long run keeps one of these per second, and only its p99 is reported.
    final Histogram latency = new Histogram(2);
    long requests;
    long errors;
  }
}
