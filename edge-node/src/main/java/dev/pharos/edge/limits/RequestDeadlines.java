package dev.pharos.edge.limits;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Closes a connection whose next request head is not complete in time: the first one within the header timeout from
 * the connection being accepted, each later one within the idle timeout from the end of the previous response.
 *
 * <p>Vert.x's own idle timeout does not fit either job: a client trickling its header a byte at a time is never idle,
 * and a request waiting on a slow target is, so it would be cut. These timers run only while a connection has no
 * request in progress, and bytes that arrive do not reset them.
 *
 * <p>Owned by one event loop, the one of the connections it is told about: call every method there.
 */
public final class RequestDeadlines {

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
    Deadline deadline = new Deadline();
    deadlines.put(connection, deadline);
    deadline.arm(connection, headerTimeoutMs);
  }

  /** A request head is complete: no deadline until its response (and any pipelined after it) has ended. */
  public void requestStarted(HttpConnection connection) {
    Deadline deadline = deadlines.get(connection);
    if (deadline != null) {
      deadline.inProgress++;
      deadline.cancel();
    }
  }

  public void responseEnded(HttpConnection connection) {
    Deadline deadline = deadlines.get(connection);
    if (deadline != null && --deadline.inProgress == 0) {
      deadline.arm(connection, idleTimeoutMs);
    }
  }

  public void closed(HttpConnection connection) {
    Deadline deadline = deadlines.remove(connection);
    if (deadline != null) {
      deadline.cancel();
    }
  }

  private final class Deadline {

    private long timerId = -1;
    private int inProgress;

    void arm(HttpConnection connection, long delayMs) {
      cancel();
      timerId = vertx.setTimer(delayMs, id -> {
        timerId = -1;
        connection.close();
      });
    }

    void cancel() {
      if (timerId >= 0) {
        vertx.cancelTimer(timerId);
        timerId = -1;
      }
    }
  }
}
