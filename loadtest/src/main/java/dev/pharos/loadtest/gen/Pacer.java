package dev.pharos.loadtest.gen;

import io.netty.channel.EventLoop;
import io.vertx.core.internal.ContextInternal;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * Sends one share of an open loop's requests from one event loop. Of {@code stride} pacers, the one at {@code offset}
 * owns requests {@code offset, offset + stride, ...}; request n is due at {@code start + n / rate}. Each turn sends
 * every owned request now due, then sleeps until the next one on the event loop's own scheduler, which keeps
 * nanoseconds (Vert.x timers round to milliseconds, which would add up to a millisecond of the generator's own delay
 * to every latency).
 *
 * <p>Sending from the event loop that owns the connections, rather than from a thread of its own, saves a hand-over
 * between threads per request: at tens of thousands of requests a second that hand-over cost more CPU than the
 * request itself.
 */
final class Pacer {

  private final ContextInternal context;
  private final EventLoop loop;
  private final long startNanos;
  private final long endNanos;
  private final double gapNanos;
  private final int stride;
  private final LongConsumer send;
  private final Runnable finished;
  private long next;

  /**
   * @param context  an event-loop context; requests are sent on it, so the HTTP client keeps their connections on its
   *                 event loop
   * @param send     sends one request, given the time it was due; called on {@code context}
   * @param finished called on {@code context} once every owned request due before {@code endNanos} has been sent
   */
  Pacer(ContextInternal context, long startNanos, long endNanos, double rate, int stride, int offset, LongConsumer send,
        Runnable finished) {
    this.context = context;
    this.loop = context.nettyEventLoop();
    this.startNanos = startNanos;
    this.endNanos = endNanos;
    this.gapNanos = 1e9 / rate;
    this.stride = stride;
    this.next = offset;
    this.send = send;
    this.finished = finished;
  }

  void start() {
    context.runOnContext(v -> turn());
  }

  private void turn() {
    long now = System.nanoTime();
    long due = dueAt(next);
    while (due <= now && due < endNanos) {
      send.accept(due);
      next += stride;
      due = dueAt(next);
    }
    if (due >= endNanos) {
      finished.run();
    } else {
      loop.schedule(() -> context.dispatch(this::turn), due - now, TimeUnit.NANOSECONDS);
    }
  }

  private long dueAt(long request) {
    return startNanos + (long) (request * gapNanos);
  }
}
