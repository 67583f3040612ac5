package dev.pharos.edge.metrics;

import java.util.function.LongSupplier;

/**
 * Requests per second answered by this node, averaged between two readings at least {@link #MIN_WINDOW_NANOS}
 * apart; a reading sooner than that returns the previous rate, so the figure never rests on a tiny window.
 */
public final class RequestRate {

  static final long MIN_WINDOW_NANOS = 500_000_000L;

  private final LongSupplier answered;
  private final LongSupplier nanoTime;

  // Guarded by this: the periodic report and a config apply may read it at once from different threads.
  private long lastCount;
  private long lastNanos;
  private double perSecond;

  public RequestRate(LongSupplier answered) {
    this(answered, System::nanoTime);
  }

  RequestRate(LongSupplier answered, LongSupplier nanoTime) {
    this.answered = answered;
    this.nanoTime = nanoTime;
    this.lastCount = answered.getAsLong();
    this.lastNanos = nanoTime.getAsLong();
  }

  public synchronized double perSecond() {
    long now = nanoTime.getAsLong();
    long window = now - lastNanos;
    if (window >= MIN_WINDOW_NANOS) {
      long count = answered.getAsLong();
      perSecond = (count - lastCount) * 1e9 / window;
      lastCount = count;
      lastNanos = now;
    }
    return perSecond;
  }
}
