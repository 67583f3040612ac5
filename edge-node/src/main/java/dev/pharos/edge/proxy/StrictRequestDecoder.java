package dev.pharos.edge.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.LastHttpContent;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.Http1xUpgradeToH2CHandler;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import io.vertx.core.net.impl.ConnectionBase;

import java.util.List;

/**
 * Vert.x's HTTP/1.x request decoder, made to refuse the two framings Netty resolves silently, so that a request two
 * parsers could read differently never gets past it: {@code Transfer-Encoding} together with {@code Content-Length}
 * (RFC 9112 §6.3, which Netty frames by the chunks after dropping the length) and an obsolete folded header line
 * (RFC 9112 §5.2, which Netty joins to the line before it). Either turns the request into a failed decode, which the
 * listener's {@link InvalidRequestHandler} answers with 400 before closing, and the decoder reads nothing after it.
 *
 * <p>Netty joins folded lines inside a private method, so this decoder looks for them itself: while a request head is
 * being received it scans the bytes received so far, once each, up to the empty line that ends the head, for a line
 * break followed by a space or tab. The head's end is then failed from {@link #isContentAlwaysEmpty}, the one hook
 * Netty calls for every head once its last line is read. The scan decides nothing about framing; it only refuses.
 *
 * <p>One instance per connection (it holds the connection's parse state); used on the connection's event loop only.
 */
final class StrictRequestDecoder extends VertxHttpRequestDecoder {

  private static final String DECODER = "httpDecoder";
  private static final String AFTER_FIRST_REQUEST = "pharosStrictDecoderAfterFirstRequest";

  // Scan state of the head being received. Bytes from the reader index up to scanned have been looked at already.
  private boolean inHead = true;
  private boolean headEnded;
  private boolean folded;
  private boolean sawText;
  private int scanned;
  private byte previous;

  StrictRequestDecoder(HttpServerOptions options) {
    super(options);
  }

  /**
   * Puts a strict decoder in place of Vert.x's on a connection that has just been accepted, before it has decoded
   * anything. Connections without an HTTP/1.x decoder (HTTP/2) are left as they are.
   *
   * <p>On a listener that also takes h2c, Vert.x hands an HTTP/1.1 connection over only from inside its decoder's
   * delivery of the first request head: that decoder is then in the middle of the request, and one put in its place
   * would take the rest of the body for the start of a new request (the body never reached the target, and bytes of it
   * that look like a request would have been served after the first one timed out). There the decoder is replaced
   * once the first request has been read, at the boundary before the next; the first request itself is decoded by
   * Vert.x's decoder, with Netty's own handling of the framings this one refuses.
   */
  static void install(HttpConnection connection, HttpServerOptions options) {
    if (connection instanceof ConnectionBase base) {
      ChannelPipeline pipeline = base.channelHandlerContext().pipeline();
      // An h2c upgrade's connection is HTTP/2 already; Vert.x removes the decoder once the upgrade request is read.
      if (!(pipeline.get(DECODER) instanceof VertxHttpRequestDecoder)
        || pipeline.get(Http2ConnectionHandler.class) != null) {
        return;
      }
      if (pipeline.get(Http1xUpgradeToH2CHandler.class) != null) {
        pipeline.addAfter(DECODER, AFTER_FIRST_REQUEST, new ReplaceAfterFirstRequest(options));
      } else {
        pipeline.replace(DECODER, DECODER, new StrictRequestDecoder(options));
      }
    }
  }

  /** Replaces the connection's decoder as soon as the request it is decoding has been read to its end. */
  private static final class ReplaceAfterFirstRequest extends ChannelInboundHandlerAdapter {

    private final HttpServerOptions options;

    ReplaceAfterFirstRequest(HttpServerOptions options) {
      this.options = options;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
      boolean last = message instanceof LastHttpContent;
      ctx.fireChannelRead(message);
      if (last) {
        // Netty hands the bytes the old decoder holds, the next request's, to the one that replaces it.
        ChannelPipeline pipeline = ctx.pipeline();
        pipeline.remove(this);
        pipeline.replace(DECODER, DECODER, new StrictRequestDecoder(options));
      }
    }
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
    if (inHead && !headEnded) {
      scanForFolding(buffer);
    }
    int before = out.size();
    int readerBefore = buffer.readerIndex();
    super.decode(ctx, buffer, out);
    scanned = Math.max(0, scanned - (buffer.readerIndex() - readerBefore));
    for (int i = before; i < out.size(); i++) {
      Object message = out.get(i);
      if (message instanceof HttpMessage) {
        inHead = false;
      }
      if (message instanceof LastHttpContent) {
        startHead();
      }
    }
  }

  private void startHead() {
    inHead = true;
    headEnded = false;
    folded = false;
    sawText = false;
    scanned = 0;
    previous = 0;
  }

  private void scanForFolding(ByteBuf buffer) {
    int from = buffer.readerIndex() + scanned;
    int to = buffer.writerIndex();
    for (int i = from; i < to && !headEnded; i++) {
      byte b = buffer.getByte(i);
      // Empty lines before the request line are skipped by the decoder; only a line break after text counts.
      if (previous == '\n' && sawText) {
        if (b == ' ' || b == '\t') {
          folded = true;
        } else if (b == '\r' || b == '\n') {
          headEnded = true;
        }
      }
      sawText |= b != '\r' && b != '\n';
      previous = b;
    }
    scanned = to - buffer.readerIndex();
  }

  @Override
  protected boolean isContentAlwaysEmpty(HttpMessage message) {
    if (folded) {
      throw new IllegalArgumentException("obsolete line folding in a header field (RFC 9112 §5.2)");
    }
    return super.isContentAlwaysEmpty(message);
  }

  @Override
  protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
    throw new IllegalArgumentException("Transfer-Encoding together with Content-Length (RFC 9112 §6.3)");
  }
}
