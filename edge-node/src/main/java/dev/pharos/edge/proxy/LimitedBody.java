package dev.pharos.edge.proxy;

import io.vertx.core.Handler;
import io.vertx.core.VertxException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * A request body that fails once more than {@code maxBytes} have arrived. The chunk that crosses the limit and all
 * after it are dropped; the failure makes the proxy's pipe reset the upstream request instead of ending it, so the
 * target never receives a complete source. Used on the request's event loop only.
 */
final class LimitedBody extends ForwardingBody {

  private static final VertxException TOO_LARGE = new VertxException("request body over its limit", true);

  private final long maxBytes;
  private final Runnable onExceeded;
  private Handler<Throwable> exceptionHandler;
  private long received;
  private boolean exceeded;

  /** @param onExceeded called once, when the limit is crossed, before the stream fails */
  LimitedBody(ReadStream<Buffer> body, long maxBytes, Runnable onExceeded) {
    super(body);
    this.maxBytes = maxBytes;
    this.onExceeded = onExceeded;
  }

  @Override
  public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    exceptionHandler = handler;
    source.exceptionHandler(handler);
    return this;
  }

  @Override
  public ReadStream<Buffer> handler(Handler<Buffer> handler) {
    if (handler == null) {
      source.handler(null);
      return this;
    }
    source.handler(chunk -> {
      if (exceeded) {
        return;
      }
      received += chunk.length();
      if (received <= maxBytes) {
        handler.handle(chunk);
        return;
      }
      exceeded = true;
      onExceeded.run();
      if (exceptionHandler != null) {
        exceptionHandler.handle(TOO_LARGE);
      }
    });
    return this;
  }

  @Override
  public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
    source.endHandler(endHandler == null ? null : v -> {
      if (!exceeded) {
        endHandler.handle(v);
      }
    });
    return this;
  }
}
