package dev.pharos.edge.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * {@code pharos_event_loop_lag_seconds{loop}}: how late a periodic timer ran on each of the node's event loops, the
 * worst delay over the last {@link #WINDOW} to twice that. A loop busy with a long task (or blocked) runs its timer late
 * by as long; a healthy loop shows well under a millisecond. Keeping the worst of a window lets a scrape every 15 s
 * still see a stall of half a second. One series per event loop: the label set is as bounded as the loop count.
 *
 * <p>The timer is Netty's own scheduled task on the loop, not a Vert.x timer, so it measures the loop and nothing of
 * Vert.x's context dispatch. It stops when the loops shut down.
 */
public final class EventLoopLag {

  static final String NAME = "pharos.event.loop.lag";

  /** Often enough to catch a stall of a few hundred milliseconds, rarely enough to cost nothing. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(200);

  static final Duration WINDOW = Duration.ofSeconds(10);

  private final EventExecutor loop;
  private final long intervalNanos;
  private final long windowNanos;

  // Written only by the timer on the loop; read by the scraper's thread.
  private long windowStart = System.nanoTime();
  private long currentWorst;
  private long previousWorst;
  private volatile long shown;

  private EventLoopLag(EventExecutor loop, Duration interval, Duration window) {
    this.loop = loop;
    this.intervalNanos = interval.toNanos();
    this.windowNanos = window.toNanos();
  }

  /** Starts a timer on every event loop of {@code vertx}, each with its gauge in {@code registry}. */
  public static void watch(Vertx vertx, MeterRegistry registry, Duration interval) {
    int index = 0;
    for (EventExecutor loop : ((VertxInternal) vertx).nettyEventLoopGroup()) {
      EventLoopLag lag = new EventLoopLag(loop, interval, WINDOW);
      Gauge.builder(NAME, lag, l -> l.shown / 1e9)
        .description("The longest delay of a periodic timer on this event loop over the last 10 to 20 seconds")
        .baseUnit("seconds")
        .tag("loop", Integer.toString(index++))
        .strongReference(true)
        .register(registry);
      lag.schedule();
    }
  }

  private void schedule() {
    long due = System.nanoTime() + intervalNanos;
    try {
      loop.schedule(() -> {
        long now = System.nanoTime();
        record(Math.max(0, now - due), now);
        schedule();
      }, intervalNanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException shuttingDown) {
      // The node is closing, and the loop with it.
    }
  }

  private void record(long lagNanos, long now) {
    if (now - windowStart >= windowNanos) {
      previousWorst = currentWorst;
      currentWorst = 0;
      windowStart = now;
    }
    currentWorst = Math.max(currentWorst, lagNanos);
    shown = Math.max(previousWorst, currentWorst);
  }
}
