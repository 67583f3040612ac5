package dev.pharos.edge.proxy;

import java.util.concurrent.TimeUnit;

/**
 * Lets one line through per second and counts the others, for a warning every request may meet at once (a target
 * down, a full connection pool). One line per refused request cost the event loop the time it was short of: at
 * 10,000 refusals a second, writing them deepened the overload they reported (80,052 lines in 8 s of an HTTP/2 run
 * that no longer recovered). Owned by one event loop.
 */
final class LogThrottle {

  static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

  private long nextLineNanos;
  private boolean started;
  private long suppressed;

  /**
   * @param nowNanos {@link System#nanoTime()}
   * @return -1 when the line is to be left out; otherwise how many were left out since the last one let through
   */
  long admit(long nowNanos) {
    if (started && nowNanos - nextLineNanos < 0) {
      suppressed++;
      return -1;
    }
    started = true;
    nextLineNanos = nowNanos + INTERVAL_NANOS;
    long left = suppressed;
    suppressed = 0;
    return left;
  }
}
