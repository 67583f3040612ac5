package dev.pharos.loadtest.gen;

import java.time.Duration;

/** Counts requests sent and not yet answered, so a run can wait for the last answers before it reports. */
final class InFlight {

  private int count;

  synchronized void begin() {
    count++;
  }

  synchronized void end() {
    if (--count == 0) {
      notifyAll();
    }
  }

  /** Waits until nothing is in flight or the grace period passes; returns what is still in flight. */
  synchronized int awaitIdle(Duration grace) throws InterruptedException {
    long deadline = System.nanoTime() + grace.toNanos();
    long left;
    while (count > 0 && (left = deadline - System.nanoTime()) > 0) {
      wait(Math.max(1, left / 1_000_000));
    }
    return count;
  }
}
