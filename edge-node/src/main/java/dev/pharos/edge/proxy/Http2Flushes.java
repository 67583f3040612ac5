package dev.pharos.edge.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Coalesces the writes of an HTTP/2 client connection into one flush per event-loop turn.
 *
 * <p>Vert.x's HTTP/2 server flushes each frame written outside a read of that connection itself, and every proxied
 * response is written from a read of another connection, the target's. Its head and data went out in one flush, then
 * its end-of-stream frame in a second: two TLS records and two syscalls per response, and one flush per response for
 * each of the streams a client multiplexes. Held until the loop has handled all the sockets that were ready, those
 * flushes become one: a response in one record, and the responses of every target that answered in the same turn in
 * one write. Nothing waits longer than that turn.
 */
final class Http2Flushes {

  private static final String HANDLER = "pharosFlushConsolidation";
  // Netty's default: a busy connection still flushes after this many flush calls within one turn.
  private static final int FLUSH_AT_MOST_AFTER = FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES;

  private Http2Flushes() {
  }

  /**
   * Installs the coalescing on {@code connection} when it speaks HTTP/2; leaves HTTP/1.x connections as they are. It
   * goes right in front of the HTTP/2 codec, so that TLS below it sees one flush for what the codec wrote in a turn.
   */
  static void consolidate(HttpConnection connection) {
    if (connection instanceof ConnectionBase base) {
      ChannelPipeline pipeline = base.channelHandlerContext().pipeline();
      ChannelHandlerContext codec = pipeline.context(Http2ConnectionHandler.class);
      if (codec != null) {
        pipeline.addBefore(codec.name(), HANDLER, new FlushConsolidationHandler(FLUSH_AT_MOST_AFTER, true));
      }
    }
  }
}
