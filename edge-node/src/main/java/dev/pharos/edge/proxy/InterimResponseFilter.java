package dev.pharos.edge.proxy;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
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

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.TimeUnit;

/**
 * Makes the interim (1xx) responses of an HTTP/1.1 target safe for Vert.x's client, right behind Netty's codec.
 *
 * <p>Vert.x takes every 1xx but 100 (Continue), 101 (Switching Protocols) and 103 (Early Hints) for the final response:
 * a 102 (Processing) ended the exchange with an empty answer, and the real response after it found no request in
 * progress and broke the connection. Those are dropped here. Vert.x's server writes no 1xx other than 100 and 103, so
 * they are not passed on to the client either, as RFC 9110 §15.2 would have a proxy do; a client may ignore them.
 *
 * <p>Netty's codec pairs each response with its request's method to know that an answer to HEAD has no body, and an
 * interim response uses up that pairing: the final answer to a HEAD that came after a 1xx was read as having the body
 * its {@code Content-Length} announced, and the exchange waited for bytes that never came. Such an answer is ended
 * here at its head, and the connection, whose codec still waits for those bytes, is shut down once it has ended.
 */
final class InterimResponseFilter extends ChannelDuplexHandler {

  private static final String HANDLER = "pharosInterimResponseFilter";

  private final HttpConnection connection;
  // The methods of the requests whose final response has not begun, oldest first.
  private final Queue<HttpMethod> awaitingFinal = new ArrayDeque<>();
  private boolean droppingInterim;
  private boolean headPairingLost;
  private boolean discardingBody;

  private InterimResponseFilter(HttpConnection connection) {
    this.connection = connection;
  }

  /** Installs the filter right behind the HTTP/1.1 codec of {@code connection}; leaves HTTP/2 connections alone. */
  static void install(HttpConnection connection) {
    if (connection instanceof ConnectionBase base) {
      ChannelHandlerContext codec = base.channelHandlerContext().pipeline().context(HttpClientCodec.class);
      if (codec != null) {
        codec.pipeline().addAfter(codec.name(), HANDLER, new InterimResponseFilter(connection));
      }
    }
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof HttpRequest request) {
      awaitingFinal.add(request.method());
    }
    ctx.write(msg, promise);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpResponse response) {
      readHead(ctx, response);
    } else if (msg instanceof HttpContent content && (discardingBody || droppingInterim)) {
      droppingInterim &= !(content instanceof LastHttpContent);
      ReferenceCountUtil.release(content);
    } else {
      ctx.fireChannelRead(msg);
    }
  }

  private void readHead(ChannelHandlerContext ctx, HttpResponse response) {
    int code = response.status().code();
    if (code >= 100 && code < 200 && code != HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
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
      discardingBody = true;
      // Closed as soon as the answer has ended, right below; the timeout only bounds that wait.
      connection.shutdown(1, TimeUnit.SECONDS);
      ctx.fireChannelRead(response);
      ctx.fireChannelRead(LastHttpContent.EMPTY_LAST_CONTENT);
    } else {
      ctx.fireChannelRead(response);
    }
  }
}
