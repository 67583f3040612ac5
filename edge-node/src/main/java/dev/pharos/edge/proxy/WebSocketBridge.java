package dev.pharos.edge.proxy;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.WebSocketFrame;

import java.util.Set;
import java.util.function.Consumer;

/**
 * Carries the frames of one proxied WebSocket both ways, until either side closes or the socket is idle too long. A
 * close from one side is passed on to the other with its status and reason; data frames (text, binary and their
 * continuations) are forwarded as they come, so fragmented messages stay fragmented. Pings and pongs are answered by
 * each hop itself. A side whose writes queue up stops the other from being read until it has drained.
 *
 * <p>Lives on its connection's event loop; {@code live} is that loop's set of open bridges, which a draining node
 * closes with {@link #goingAway}.
 */
final class WebSocketBridge {

  /** RFC 6455 §7.4.1: the endpoint is going away (a server shutting down, or an idle socket closed). */
  static final short GOING_AWAY = 1001;

  private final Vertx vertx;
  private final WebSocketBase client;
  private final WebSocketBase upstream;
  private final long idleTimeoutMs;
  private final Set<WebSocketBridge> live;
  private final Consumer<WebSocketBridge> ended;
  private long lastFrameNanos = System.nanoTime();
  private long bytesToTarget;
  private long bytesToClient;
  private long idleTimer = -1;
  private boolean closed;

  /** @param ended called once, when both sides are closed or closing */
  WebSocketBridge(Vertx vertx, WebSocketBase client, WebSocketBase upstream, long idleTimeoutMs,
                  Set<WebSocketBridge> live, Consumer<WebSocketBridge> ended) {
    this.vertx = vertx;
    this.client = client;
    this.upstream = upstream;
    this.idleTimeoutMs = idleTimeoutMs;
    this.live = live;
    this.ended = ended;
  }

  void start() {
    live.add(this);
    forward(client, upstream);
    forward(upstream, client);
    client.closeHandler(v -> passClose(client, upstream));
    upstream.closeHandler(v -> passClose(upstream, client));
    client.exceptionHandler(e -> closeBoth(GOING_AWAY, null));
    upstream.exceptionHandler(e -> closeBoth(GOING_AWAY, null));
    scheduleIdleCheck(idleTimeoutMs);
  }

  /** Closes both sides with a close frame saying the server is going away. */
  void goingAway() {
    closeBoth(GOING_AWAY, "server shutting down");
  }

  private void forward(WebSocketBase from, WebSocketBase to) {
    from.frameHandler(frame -> {
      if (!isData(frame)) {
        return;
      }
      lastFrameNanos = System.nanoTime();
      if (to == upstream) {
        bytesToTarget += frame.binaryData().length();
      } else {
        bytesToClient += frame.binaryData().length();
      }
      to.writeFrame(frame);
      if (to.writeQueueFull()) {
        from.pause();
        to.drainHandler(v -> from.resume());
      }
    });
  }

  private static boolean isData(WebSocketFrame frame) {
    return frame.isText() || frame.isBinary() || frame.isContinuation();
  }

  private void passClose(WebSocketBase from, WebSocketBase to) {
    Short status = from.closeStatusCode();
    // 1005 (no status), 1006 (dropped) and 1015 (TLS failure) must never be sent in a close frame (RFC 6455 §7.4.1).
    boolean sendable = status != null && status != 1005 && status != 1006 && status != 1015;
    finish();
    if (!to.isClosed()) {
      to.close(sendable ? status : GOING_AWAY, sendable ? from.closeReason() : null);
    }
  }

  private void closeBoth(short status, String reason) {
    finish();
    if (!client.isClosed()) {
      client.close(status, reason);
    }
    if (!upstream.isClosed()) {
      upstream.close(status, reason);
    }
  }

  private void finish() {
    if (closed) {
      return;
    }
    closed = true;
    live.remove(this);
    vertx.cancelTimer(idleTimer);
    ended.accept(this);
  }

  /** Payload bytes of the data frames carried from the client to the target. */
  long bytesToTarget() {
    return bytesToTarget;
  }

  /** Payload bytes of the data frames carried from the target to the client. */
  long bytesToClient() {
    return bytesToClient;
  }

  private void scheduleIdleCheck(long delayMs) {
    idleTimer = vertx.setTimer(Math.max(1, delayMs), id -> {
      long idleMs = (System.nanoTime() - lastFrameNanos) / 1_000_000;
      if (idleMs >= idleTimeoutMs) {
        closeBoth(GOING_AWAY, "idle");
      } else if (!closed) {
        scheduleIdleCheck(idleTimeoutMs - idleMs);
      }
    });
  }
}
