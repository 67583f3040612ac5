package dev.pharos.edge.proxy;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * A body stream that wraps another one a stage hands to the proxy library: flow control (pause, resume, fetch) goes
 * straight to the wrapped stream, and subclasses decide what becomes of its chunks, its end and its failure.
 */
abstract class ForwardingBody implements ReadStream<Buffer> {

  protected final ReadStream<Buffer> source;

  ForwardingBody(ReadStream<Buffer> source) {
    this.source = source;
  }

  @Override
  public final ReadStream<Buffer> pause() {
    source.pause();
    return this;
  }

  @Override
  public final ReadStream<Buffer> resume() {
    source.resume();
    return this;
  }

  @Override
  public final ReadStream<Buffer> fetch(long amount) {
    source.fetch(amount);
    return this;
  }
}
