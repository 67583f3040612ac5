package dev.pharos.edge.compression;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

import java.io.IOException;

/**
 * A response body compressed as it streams: each chunk from the origin is compressed and passed on at once, the
 * coding's trailer follows the origin's end. Flow control is the origin's: pausing this stream pauses it. An encoder
 * failure fails the stream, so the proxy resets the exchange instead of ending a truncated body as if complete. Used
 * on the response's event loop only.
 */
final class CompressedBody implements ReadStream<Buffer> {

  private final ReadStream<Buffer> origin;
  private final StreamEncoder encoder;
  private Handler<Buffer> handler;
  private Handler<Throwable> exceptionHandler;
  private boolean failed;

  CompressedBody(ReadStream<Buffer> origin, StreamEncoder encoder) {
    this.origin = origin;
    this.encoder = encoder;
  }

  @Override
  public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    exceptionHandler = handler;
    origin.exceptionHandler(handler == null ? null : e -> {
      encoder.abandon();
      handler.handle(e);
    });
    return this;
  }

  @Override
  public ReadStream<Buffer> handler(Handler<Buffer> handler) {
    this.handler = handler;
    origin.handler(handler == null ? null : chunk -> {
      if (failed) {
        return;
      }
      try {
        emit(encoder.encode(chunk));
      } catch (IOException | RuntimeException e) {
        fail(e);
      }
    });
    return this;
  }

  @Override
  public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
    origin.endHandler(endHandler == null ? null : v -> {
      if (failed) {
        return;
      }
      try {
        emit(encoder.finish());
      } catch (IOException | RuntimeException e) {
        fail(e);
        return;
      }
      endHandler.handle(v);
    });
    return this;
  }

  private void emit(Buffer compressed) {
    if (compressed.length() > 0 && handler != null) {
      handler.handle(compressed);
    }
  }

  private void fail(Throwable cause) {
    failed = true;
    encoder.abandon();
    if (exceptionHandler != null) {
      exceptionHandler.handle(cause);
    }
  }

  @Override
  public ReadStream<Buffer> pause() {
    origin.pause();
    return this;
  }

  @Override
  public ReadStream<Buffer> resume() {
    origin.resume();
    return this;
  }

  @Override
  public ReadStream<Buffer> fetch(long amount) {
    origin.fetch(amount);
    return this;
  }
}
