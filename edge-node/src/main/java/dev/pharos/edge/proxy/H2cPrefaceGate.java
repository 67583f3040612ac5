package dev.pharos.edge.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.Http1xOrH2CHandler;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;

import java.nio.charset.StandardCharsets;

import static dev.pharos.edge.proxy.StrictRequestDecoder.DECODER;

/**
 * Sits in front of Vert.x's protocol choice on a cleartext listener that also takes h2c, so that an HTTP/1.x
 * connection's first request is decoded by a {@link StrictRequestDecoder} like every later one.
 *
 * <p>Vert.x chooses between HTTP/2 and HTTP/1.x when the first byte that differs from the HTTP/2 preface arrives,
 * and in the same call feeds the connection's bytes to its own HTTP/1.x decoder, which resolves
 * {@code Content-Length} with {@code Transfer-Encoding} and folded lines instead of refusing them; Pharos hears of the
 * connection only once that decoder has read the first head. This gate holds the connection's first bytes until they
 * show the protocol:
 * <ul>
 *   <li>the whole preface: they go on to Vert.x as they came (h2c with prior knowledge);</li>
 *   <li>anything else: Vert.x is given an empty line instead, which makes it choose HTTP/1.x and which its decoder
 *   skips as any HTTP/1.1 decoder skips empty lines before a request line (RFC 9112 §2.2); that decoder is then
 *   replaced by a strict one, still empty, and the client's bytes go to the strict one from the first.</li>
 * </ul>
 * Either way the gate then leaves the pipeline. An HTTP/1.1 request asking to upgrade to h2c is decoded by the strict
 * decoder too, which keeps a request it refuses from being upgraded.
 *
 * <p>One instance per connection; used on the connection's event loop only.
 */
final class H2cPrefaceGate extends ChannelInboundHandlerAdapter {

  static final String NAME = "pharosH2cPrefaceGate";

  private static final byte[] PREFACE = Http1xOrH2CHandler.HTTP_2_PREFACE.getBytes(StandardCharsets.US_ASCII);
  private static final byte[] EMPTY_LINE = {'\r', '\n'};

  private final HttpServerOptions options;
  // Bytes received so far, all of them a beginning of the preface; null before the first read and after the choice.
  private ByteBuf held;

  H2cPrefaceGate(HttpServerOptions options) {
    this.options = options;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object message) {
    if (!(message instanceof ByteBuf bytes)) {
      ctx.fireChannelRead(message);
      return;
    }
    held = held == null ? bytes : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), held, bytes);
    int matching = matchingPrefaceBytes(held);
    if (matching == held.readableBytes() && matching < PREFACE.length) {
      return;
    }
    ByteBuf received = held;
    held = null;
    ChannelPipeline pipeline = ctx.pipeline();
    if (matching < PREFACE.length) {
      ctx.fireChannelRead(Unpooled.wrappedBuffer(EMPTY_LINE));
      if (!(pipeline.get(DECODER) instanceof VertxHttpRequestDecoder)) {
        // Vert.x did not set up HTTP/1.x after all: no decoder it sets up later may read these bytes leniently.
        received.release();
        ctx.close();
        return;
      }
      pipeline.replace(DECODER, DECODER, new StrictRequestDecoder(options, true));
    }
    pipeline.remove(this);
    ctx.fireChannelRead(received);
  }

  private static int matchingPrefaceBytes(ByteBuf bytes) {
    int length = Math.min(bytes.readableBytes(), PREFACE.length);
    int start = bytes.readerIndex();
    for (int i = 0; i < length; i++) {
      if (bytes.getByte(start + i) != PREFACE[i]) {
        return i;
      }
    }
    return length;
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    if (held != null) {
      held.release();
      held = null;
    }
  }
}
