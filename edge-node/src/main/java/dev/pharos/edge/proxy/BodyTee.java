package dev.pharos.edge.proxy;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

import io.vertx.core.Future;

import java.util.function.Function;

/**
 * Passes a response body on to the client unchanged while keeping a copy of it for the cache, up to a limit: past the
 * limit the copy is dropped and the body streams on uncached. Exactly one of the outcomes is reported, once: the whole
 * body when it ended within the limit, or nothing (over the limit, or the body failed).
 *
 * <p>The body's end is passed on once the whole body has been dealt with (stored), so that a client that has its whole
 * answer finds it in the cache, through any node. A body of declared length is complete for the client with its last
 * byte, before any end: the chunk that completes it is held back until then too.
 */
final class BodyTee extends ForwardingBody {

  private final long limit;
  private final long declaredLength;
  private final Function<Buffer, Future<Void>> whole;
  private final Runnable abandoned;
  // Owned by the source's event loop.
  private Buffer copy = Buffer.buffer();
  private boolean reported;
  private Handler<Buffer> chunks;
  // The chunk that completed the declared length, passed on after the store.
  private Buffer held;

  /**
   * @param declaredLength the body's declared length, or -1 when it has none
   * @param whole          given the whole body when it ended within {@code limit} bytes; the end is passed on when the
   *                       future it returns completes, whichever way
   * @param abandoned      run when the body went over the limit or failed
   */
  BodyTee(ReadStream<Buffer> source, long declaredLength, long limit, Function<Buffer, Future<Void>> whole,
          Runnable abandoned) {
    super(source);
    this.declaredLength = declaredLength;
    this.limit = limit;
    this.whole = whole;
    this.abandoned = abandoned;
  }

  @Override
  public ReadStream<Buffer> handler(Handler<Buffer> handler) {
    chunks = handler;
    if (handler == null) {
      source.handler(null);
      return this;
    }
    source.handler(chunk -> {
      passHeld();
      if (copy != null) {
        if (copy.length() + chunk.length() > limit) {
          abandon();
        } else {
          copy.appendBuffer(chunk);
          if (copy.length() == declaredLength) {
            held = chunk;
            return;
          }
        }
      }
      handler.handle(chunk);
    });
    return this;
  }

  /**
   * Once the outcome is reported there is nothing left to watch, and end and failure handlers go straight to the
   * source: a Vert.x response that has ended throws when given any handler but null, and a pipe clears its handlers
   * after the end.
   */
  @Override
  public ReadStream<Buffer> endHandler(Handler<Void> handler) {
    if (reported) {
      source.endHandler(handler);
      return this;
    }
    source.endHandler(v -> {
      if (copy != null && !reported) {
        reported = true;
        Buffer body = copy;
        copy = null;
        whole.apply(body).onComplete(dealt -> {
          passHeld();
          if (handler != null) {
            handler.handle(v);
          }
        });
      } else {
        passHeld();
        if (handler != null) {
          handler.handle(v);
        }
      }
    });
    return this;
  }

  private void passHeld() {
    Buffer chunk = held;
    if (chunk != null) {
      held = null;
      if (chunks != null) {
        chunks.handle(chunk);
      }
    }
  }

  @Override
  public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    if (reported) {
      source.exceptionHandler(handler);
      return this;
    }
    source.exceptionHandler(e -> {
      abandon();
      if (handler != null) {
        handler.handle(e);
      }
    });
    return this;
  }

  private void abandon() {
    copy = null;
    if (!reported) {
      reported = true;
      abandoned.run();
    }
  }
}
