package dev.pharos.edge.compression;

import io.vertx.core.buffer.Buffer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Compresses one body chunk by chunk: each chunk's compressed form is complete (flushed) when {@link #encode} returns,
 * so nothing waits for a later chunk. The work per call is bounded by the chunk's size, which the HTTP client's
 * decoder bounds. Used by one response on one event loop.
 */
final class StreamEncoder {

  private final OutputStream compressing;
  private final ByteArrayOutputStream sink;
  private boolean closed;

  StreamEncoder(OutputStream compressing, ByteArrayOutputStream sink) {
    this.compressing = compressing;
    this.sink = sink;
  }

  /** The compressed form of {@code chunk}, possibly empty. */
  Buffer encode(Buffer chunk) throws IOException {
    compressing.write(chunk.getBytes());
    compressing.flush();
    return drain();
  }

  /** The end of the compressed stream (the trailer); releases the encoder. */
  Buffer finish() throws IOException {
    closed = true;
    compressing.close();
    return drain();
  }

  /** Releases the encoder of a body that will not be finished. */
  void abandon() {
    if (!closed) {
      closed = true;
      try {
        compressing.close();
      } catch (IOException ignored) {
        // Only its memory mattered.
      }
    }
  }

  private Buffer drain() {
    Buffer out = Buffer.buffer(sink.toByteArray());
    sink.reset();
    return out;
  }
}
