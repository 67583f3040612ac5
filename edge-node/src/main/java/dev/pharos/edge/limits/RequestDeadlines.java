package dev.pharos.edge.limits;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection whose next request head is not complete in time: the first one within the header timeout from
 * the connection being accepted, each later one within the idle timeout from the end of the previous response.
 *
 * <p>Vert.x's own idle timeout does not fit either job: a client trickling its header a byte at a time is never idle,
 * and a request waiting on a slow target is, so it would be cut. These deadlines apply only while a connection has no
 * request in progress, and bytes that arrive do not move them.
 *
 * <p>Owned by one event loop, the one of the connections it is told about: call every method there.
 */
public final class RequestDeadlines {

  private static final long NONE = Long.MIN_VALUE;

  private final Vertx vertx;
  private final long headerTimeoutMs;
  private final long idleTimeoutMs;
  private final Map<HttpConnection, Deadline> deadlines = new HashMap<>();

  public RequestDeadlines(Vertx vertx, Duration headerTimeout, Duration idleTimeout) {
    this.vertx = vertx;
    this.headerTimeoutMs = headerTimeout.toMillis();
    this.idleTimeoutMs = idleTimeout.toMillis();
  }

  public void connected(HttpConnection connection) {
    Deadline deadline = new Deadline(connection);
    deadlines.put(connection, deadline);
    deadline.arm(headerTimeoutMs);
  }

  /** A request head is complete: no deadline until its response (and any pipelined after it) has ended. */
  public void requestStarted(HttpConnection connection) {
    Deadline deadline = deadlines.get(connection);
    if (deadline != null) {
      deadline.inProgress++;
      deadline.dueNanos = NONE;
    }
  }

  public void responseEnded(HttpConnection connection) {
    Deadline deadline = deadlines.get(connection);
    if (deadline != null && --deadline.inProgress == 0) {
      deadline.arm(idleTimeoutMs);
    }
  }

  public void closed(HttpConnection connection) {
    Deadline deadline = deadlines.remove(connection);
    if (deadline != null && deadline.timerId >= 0) {
      vertx.cancelTimer(deadline.timerId);
    }
  }

  /**
   * One connection's deadline. A keep-alive connection would otherwise set and cancel a timer for every request; here
   * a request only moves the due time, and the one timer, when it fires, closes the connection if the due time has
   * passed, waits for the rest if it has moved on, or lapses if a request is in progress (the next response arms a
   * new one). Due times only move later while a timer is pending, so it never fires after one.
   */
  private final class Deadline implements Handler<Long> {

    private final HttpConnection connection;
    private long timerId = -1;
    private long timerDueNanos;
    private long dueNanos = NONE;
    private int inProgress;

    Deadline(HttpConnection connection) {
      this.connection = connection;
    }

    void arm(long delayMs) {
      dueNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMs);
      if (timerId >= 0 && dueNanos - timerDueNanos < 0) {
        vertx.cancelTimer(timerId);
        timerId = -1;
      }
      if (timerId < 0) {
        startTimer(delayMs);
      }
    }

    private void startTimer(long delayMs) {
      timerDueNanos = dueNanos;
      timerId = vertx.setTimer(Math.max(1, delayMs), this);
    }

    @Override
    public void handle(Long firedId) {
      timerId = -1;
      if (dueNanos == NONE) {
        return;
      }
      long leftNanos = dueNanos - System.nanoTime();
      if (leftNanos <= 0) {
        connection.close();
      } else {
        startTimer(TimeUnit.NANOSECONDS.toMillis(leftNanos) + 1);
      }
    }
  }
}
