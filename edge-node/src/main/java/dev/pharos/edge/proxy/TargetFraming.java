package dev.pharos.edge.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.TimeUnit;

/**
 * Keeps an HTTP/1.1 connection to a target in step with what Vert.x's client makes of it, from handlers on both sides
 * of Netty's codec. One instance per connection, on its event loop.
 *
 * <p><b>Interim responses.</b> Vert.x takes every 1xx but 100 (Continue), 101 (Switching Protocols) and 103 (Early
 * Hints) for the final response: a 102 (Processing) ended the exchange with an empty answer, and the real response
 * after it found no request in progress and broke the connection. Those are dropped. Vert.x's server writes no 1xx
 * other than 100 and 103, so they are not passed on to the client either, as RFC 9110 §15.2 would have a proxy do; a
 * client may ignore them. Netty's codec pairs each response with its request's method to know that an answer to HEAD
 * has no body, and an interim response uses up that pairing: the final answer to a HEAD that came after a 1xx was read
 * as having the body its {@code Content-Length} announced, and the exchange waited for bytes that never came. Such an
 * answer is ended at its head.
 *
 * <p><b>Bytes the target did not frame.</b> A target that sends more than its response's framing says (a body longer
 * than its {@code Content-Length}), or anything while no request is outstanding, leaves bytes that the codec would read
 * as the start of the next response, on a connection Vert.x goes on to reuse: the next request sent there, another
 * client's, failed with a 502. As nginx does, such a connection is not reused: it is shut down once the response in
 * progress has ended, or at once when nothing is in progress. Excess bytes are seen when they arrive with the end of
 * the response, or on their own afterwards.
 */
final class TargetFraming {

  private static final Logger LOG = System.getLogger(TargetFraming.class.getName());
  private static final String RAW_SIDE = "pharosTargetFramingRaw";
  private static final String MESSAGE_SIDE = "pharosTargetFraming";

  private final HttpConnection connection;
  // The methods of the requests whose final response has not begun, oldest first.
  private final Queue<HttpMethod> awaitingFinal = new ArrayDeque<>();
  // The raw bytes the codec is decoding, while it does.
  private ByteBuf reading;
  private boolean receivingFinal;
  private boolean droppingInterim;
  private boolean headPairingLost;
  private boolean discardingBody;
  // After a 101 the connection carries another protocol: nothing left to check.
  private boolean upgraded;
  private boolean shuttingDown;

  private TargetFraming(HttpConnection connection) {
    this.connection = connection;
  }

  /** Installs the handlers around the HTTP/1.1 codec of {@code connection}; leaves HTTP/2 connections alone. */
  static void install(HttpConnection connection) {
    if (connection instanceof ConnectionBase base) {
      ChannelPipeline pipeline = base.channelHandlerContext().pipeline();
      ChannelHandlerContext codec = pipeline.context(HttpClientCodec.class);
      if (codec != null) {
        TargetFraming framing = new TargetFraming(connection);
        pipeline.addBefore(codec.name(), RAW_SIDE, framing.new RawSide());
        pipeline.addAfter(codec.name(), MESSAGE_SIDE, framing.new MessageSide());
      }
    }
  }

  /** The target's fault: said once in the log. */
  private void shutDown(String why) {
    if (!shuttingDown) {
      LOG.log(Level.WARNING, () -> "target " + connection.remoteAddress() + " " + why + ": connection not reused");
      shutDown();
    }
  }

  private void shutDown() {
    shuttingDown = true;
    // Closed as soon as the response in progress has ended; the timeout only bounds that wait.
    connection.shutdown(1, TimeUnit.SECONDS);
  }

  /** In front of the codec: the bytes as they arrive. */
  private final class RawSide extends ChannelInboundHandlerAdapter {

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (upgraded || !(msg instanceof ByteBuf bytes)) {
        ctx.fireChannelRead(msg);
      } else if (awaitingFinal.isEmpty() && !receivingFinal) {
        int unsolicited = bytes.readableBytes();
        bytes.release();
        shutDown("sent " + unsolicited + " bytes while no request was outstanding");
      } else {
        // Held so that it can be read while the codec decodes it, even once the codec merged it into bytes it kept.
        reading = bytes.retain();
        try {
          ctx.fireChannelRead(bytes);
        } finally {
          reading = null;
          bytes.release();
        }
      }
    }
  }

  /** Behind the codec: requests as they go out, responses as decoded. */
  private final class MessageSide extends ChannelDuplexHandler {

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      if (msg instanceof HttpRequest request) {
        awaitingFinal.add(request.method());
      }
      ctx.write(msg, promise);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (upgraded) {
        ctx.fireChannelRead(msg);
      } else if (msg instanceof HttpResponse response) {
        readHead(ctx, response);
      } else if (msg instanceof HttpContent content && (discardingBody || droppingInterim)) {
        droppingInterim &= !(content instanceof LastHttpContent);
        ReferenceCountUtil.release(content);
      } else if (msg instanceof LastHttpContent && receivingFinal) {
        receivingFinal = false;
        // The codec has taken the response's bytes from what it reads; whatever is left came after the response.
        if (reading != null && reading.isReadable() && awaitingFinal.isEmpty()) {
          shutDown("sent " + reading.readableBytes() + " bytes after the end of a response");
        }
        ctx.fireChannelRead(msg);
      } else {
        ctx.fireChannelRead(msg);
      }
    }

    private void readHead(ChannelHandlerContext ctx, HttpResponse response) {
      int code = response.status().code();
      if (code == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
        upgraded = true;
        ctx.fireChannelRead(response);
        return;
      }
      if (code >= 100 && code < 200) {
        headPairingLost |= HttpMethod.HEAD.equals(awaitingFinal.peek());
        if (code == HttpResponseStatus.CONTINUE.code() || code == HttpResponseStatus.EARLY_HINTS.code()) {
          ctx.fireChannelRead(response);
        } else {
          // The codec decodes an interim response as a head and an empty last content; both go.
          droppingInterim = true;
          ReferenceCountUtil.release(response);
        }
        return;
      }
      awaitingFinal.poll();
      if (headPairingLost) {
        headPairingLost = false;
        // The codec still waits for the body it was told of: nothing more can be read from this connection.
        discardingBody = true;
        shutDown();
        ctx.fireChannelRead(response);
        ctx.fireChannelRead(LastHttpContent.EMPTY_LAST_CONTENT);
      } else {
        receivingFinal = true;
        ctx.fireChannelRead(response);
      }
    }
  }
}
