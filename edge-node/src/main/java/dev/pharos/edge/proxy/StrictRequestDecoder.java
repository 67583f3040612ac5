package dev.pharos.edge.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
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
 * <p>Every HTTP/1.x connection decodes with one from its first byte: {@link #install} puts it in when Vert.x hands the
 * connection over, or on a listener that also takes h2c (where Vert.x does so only after the first request head)
 * {@link H2cPrefaceGate} does, before that head is read. There it also keeps a request it or {@link RequestIntegrity}
 * refuses from being upgraded to h2c.
 *
 * <p>One instance per connection (it holds the connection's parse state); used on the connection's event loop only.
 */
final class StrictRequestDecoder extends VertxHttpRequestDecoder {

  /** The name of the HTTP/1.x request decoder in a Vert.x server connection's pipeline. */
  static final String DECODER = "httpDecoder";
  private static final String UNSERVED = "pharosUnserved";

  // Scan state of the head being received. Bytes from the reader index up to scanned have been looked at already.
  private boolean inHead = true;
  private boolean headEnded;
  private boolean folded;
  private boolean sawText;
  private int scanned;
  private byte previous;
  // Whether the next request head may still ask Vert.x's h2c handler to upgrade the connection: the first one only.
  private boolean mayUpgrade;

  /**
   * @param firstRequestMayUpgrade whether the connection's first request may upgrade it to h2c (its listener takes
   *                               h2c and this decoder reads from the connection's first byte)
   */
  StrictRequestDecoder(HttpServerOptions options, boolean firstRequestMayUpgrade) {
    super(options);
    this.mayUpgrade = firstRequestMayUpgrade;
  }

  /**
   * Puts a strict decoder in place of Vert.x's on a connection that has just been accepted, before it has decoded
   * anything. Connections without an HTTP/1.x decoder (HTTP/2) and those whose decoder is strict already are left as
   * they are.
   *
   * <p>On a listener that also takes h2c, Vert.x hands an HTTP/1.1 connection over only from inside its decoder's
   * delivery of the first request head: by then Vert.x's decoder has read that head (with Netty's own handling of the
   * framings this one refuses), and a decoder swapped in there would take the rest of its body for the start of a new
   * request (it once lost a first request's body that way). Such a listener must come from {@link H2cListener}, whose
   * {@link H2cPrefaceGate} puts the strict decoder in before the first byte; a connection found there with Vert.x's
   * decoder is closed rather than served.
   */
  static void install(HttpConnection connection, HttpServerOptions options) {
    if (connection instanceof ConnectionBase base) {
      ChannelPipeline pipeline = base.channelHandlerContext().pipeline();
      ChannelHandler decoder = pipeline.get(DECODER);
      // An h2c upgrade's connection is HTTP/2 already; Vert.x removes the decoder once the upgrade request is read.
      if (!(decoder instanceof VertxHttpRequestDecoder) || decoder instanceof StrictRequestDecoder
        || pipeline.get(Http2ConnectionHandler.class) != null) {
        return;
      }
      ChannelHandlerContext upgrade = pipeline.context(Http1xUpgradeToH2CHandler.class);
      if (upgrade != null) {
        // Closing alone would not stop Vert.x from serving the request it is delivering.
        pipeline.addAfter(upgrade.name(), UNSERVED, new Unserved());
        connection.close();
      } else {
        pipeline.replace(DECODER, DECODER, new StrictRequestDecoder(options, false));
      }
    }
  }

  /** Drops whatever a connection that cannot be read strictly has sent, so that none of it is served. */
  private static final class Unserved extends ChannelInboundHandlerAdapter {

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
      ReferenceCountUtil.release(message);
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
      if (message instanceof HttpRequest request) {
        inHead = false;
        if (mayUpgrade) {
          mayUpgrade = false;
          keepRefusedRequestFromUpgrading(request);
        }
      }
      if (message instanceof LastHttpContent) {
        startHead();
      }
    }
  }

  /**
   * Vert.x's h2c handler upgrades a connection by its first request's headers alone: a request this decoder failed
   * (whose body would then never end) and one {@link RequestIntegrity} refuses (which it does not look at over HTTP/2)
   * would be served over HTTP/2. Such a request loses its {@code Upgrade} header and is refused over HTTP/1.x like any
   * other.
   */
  private static void keepRefusedRequestFromUpgrading(HttpRequest request) {
    HttpHeaders headers = request.headers();
    if (headers.contains(HttpHeaderNames.UPGRADE, Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, true)
      && (request.decoderResult().isFailure()
      || headers instanceof MultiMap fields && RequestIntegrity.isAmbiguous(fields, versionOf(request)))) {
      headers.remove(HttpHeaderNames.UPGRADE);
    }
  }

  private static HttpVersion versionOf(HttpRequest request) {
    return io.netty.handler.codec.http.HttpVersion.HTTP_1_1.equals(request.protocolVersion())
      ? HttpVersion.HTTP_1_1 : HttpVersion.HTTP_1_0;
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
