package dev.pharos.loadtest.gen;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Rewrites one terminal line each second with the rate, errors and p50/p99 so far. */
final class ProgressLine implements AutoCloseable {

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "progress");
    t.setDaemon(true);
    return t;
  });
  private final PrintStream out;
  private final long startNanos = System.nanoTime();
  private long lastRequests;

  ProgressLine(PrintStream out, LatencyLog log) {
    this.out = out;
    timer.scheduleAtFixedRate(() -> print(log.progress()), 1, 1, TimeUnit.SECONDS);
  }

  private void print(LatencyLog.Progress p) {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    long lastSecond = p.requests() - lastRequests;
    lastRequests = p.requests();
    out.printf(Locale.ROOT, "\r%5.0fs  %8d req/s  errors %d  p50 %.2f ms  p99 %.2f ms   ",
        seconds, lastSecond, p.errors(), p.p50(), p.p99());
    out.flush();
  }

  @Override
  public void close() {
    timer.shutdownNow();
    out.println();
  }
}
