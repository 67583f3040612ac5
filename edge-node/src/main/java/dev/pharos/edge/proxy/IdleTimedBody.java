package dev.pharos.edge.proxy;

import io.vertx.core.Handler;
import io.vertx.core.VertxException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.streams.ReadStream;

import java.util.concurrent.TimeUnit;

/**
 * A target's response body, timed while it streams: when the route's idle timeout passes without a chunk from the
 * target, the request to it is reset, which fails the body and so ends the client's response unfinished. A body held
 * back because the client reads slowly counts as silence too.
 *
 * <p>Vert.x's own request timeout cannot do this. It ends when the head arrives, and set again after that it is not
 * cancelled when the body ends: every finished exchange stayed in memory until its timer fired, the idle timeout
 * later (at 40,000 requests a second and a 60 s timeout, more than the heap). Here the body is timed by its event
 * loop's {@link BodySilences} from the head until it ends, fails or is released; a chunk only notes the time.
 */
final class IdleTimedBody extends ForwardingBody {

  private static final VertxException SILENT =
    new VertxException("the target sent nothing for longer than the route's idle timeout", true);

  private final HttpClientRequest toTarget;
  private final long idleNanos;
  private long lastChunkNanos;
  // Neighbours in BodySilences' ring; itself when not in it.
  private IdleTimedBody previous = this;
  private IdleTimedBody next = this;

  /** Starts timing at once: call it when the response's head has arrived, on the request's event loop. */
  IdleTimedBody(BodySilences silences, HttpClientRequest toTarget, HttpClientResponse fromTarget, long idleMs) {
    super(fromTarget);
    this.toTarget = toTarget;
    this.idleNanos = TimeUnit.MILLISECONDS.toNanos(idleMs);
    this.lastChunkNanos = System.nanoTime();
    silences.add(this);
  }

  private IdleTimedBody() {
    super(null);
    this.toTarget = null;
    this.idleNanos = 0;
  }

  /** The head of a {@link BodySilences} ring, never timed. */
  static IdleTimedBody sentinel() {
    return new IdleTimedBody();
  }

  /** Ends the timing: the body ended, failed or expired, or will not be read (its response was released). */
  void stop() {
    previous.next = next;
    next.previous = previous;
    previous = this;
    next = this;
  }

  void linkBefore(IdleTimedBody head) {
    previous = head.previous;
    next = head;
    previous.next = this;
    head.previous = this;
  }

  IdleTimedBody next() {
    return next;
  }

  private boolean isTimed() {
    return next != this;
  }

  void expireIfSilentAt(long nowNanos) {
    if (nowNanos - lastChunkNanos >= idleNanos) {
      stop();
      toTarget.reset(0L, SILENT);
    }
  }

  @Override
  public ReadStream<Buffer> handler(Handler<Buffer> handler) {
    if (handler == null) {
      source.handler(null);
    } else {
      source.handler(chunk -> {
        lastChunkNanos = System.nanoTime();
        handler.handle(chunk);
      });
    }
    return this;
  }

  /**
   * Once the timing has stopped, end and failure handlers go straight to the source: a Vert.x response that has ended
   * throws when given any handler but null, and a pipe clears its handlers after the end.
   */
  @Override
  public ReadStream<Buffer> endHandler(Handler<Void> handler) {
    if (!isTimed()) {
      source.endHandler(handler);
      return this;
    }
    source.endHandler(end -> {
      stop();
      if (handler != null) {
        handler.handle(end);
      }
    });
    return this;
  }

  @Override
  public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    if (!isTimed()) {
      source.exceptionHandler(handler);
      return this;
    }
    source.exceptionHandler(failure -> {
      stop();
      if (handler != null) {
        handler.handle(failure);
      }
    });
    return this;
  }
}
