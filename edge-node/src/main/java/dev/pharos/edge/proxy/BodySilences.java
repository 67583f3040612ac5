package dev.pharos.edge.proxy;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;

/**
 * The target bodies streaming on one event loop, and the one timer that times their silences: every
 * {@link #TICK_MS} while any is streaming, the bodies silent for their route's idle timeout are failed. A body only
 * joins and leaves a list, where a timer of its own would be set and cancelled with every response.
 *
 * <p>A silence is noticed up to one tick after the idle timeout. Owned by one event loop: call every method there.
 */
final class BodySilences implements Handler<Long> {

  private static final long TICK_MS = 50;

  private final Vertx vertx;
  // The bodies streaming: a ring with this sentinel as its head.
  private final IdleTimedBody ring = IdleTimedBody.sentinel();
  private long timerId = -1;

  BodySilences(Vertx vertx) {
    this.vertx = vertx;
  }

  void add(IdleTimedBody body) {
    body.linkBefore(ring);
    if (timerId < 0) {
      timerId = vertx.setPeriodic(TICK_MS, this);
    }
  }

  @Override
  public void handle(Long tick) {
    long now = System.nanoTime();
    IdleTimedBody body = ring.next();
    while (body != ring) {
      IdleTimedBody next = body.next();
      body.expireIfSilentAt(now);
      body = next;
    }
    if (ring.next() == ring) {
      vertx.cancelTimer(timerId);
      timerId = -1;
    }
  }
}
