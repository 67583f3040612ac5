package dev.pharos.edge.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Drops the interim (1xx) responses of an HTTP/1.1 target that Vert.x's client would take for the final response: all
 * but 100 (Continue), 101 (Switching Protocols) and 103 (Early Hints), such as 102 (Processing). Taken for the final
 * one, a 102 ended the exchange with an empty answer, and the real response after it found no request in progress and
 * broke the connection. Vert.x's server writes no 1xx other than 100 and 103, so these are not passed on to the client
 * either, as RFC 9110 §15.2 would have a proxy do; a client may ignore them all the same.
 */
final class InterimResponseFilter extends ChannelInboundHandlerAdapter {

  private static final String HANDLER = "pharosInterimResponseFilter";

  private boolean dropping;

  private InterimResponseFilter() {
  }

  /** Installs the filter right behind the HTTP/1.1 codec of {@code connection}; leaves HTTP/2 connections alone. */
  static void install(HttpConnection connection) {
    if (connection instanceof ConnectionBase base) {
      ChannelHandlerContext codec = base.channelHandlerContext().pipeline().context(HttpClientCodec.class);
      if (codec != null) {
        codec.pipeline().addAfter(codec.name(), HANDLER, new InterimResponseFilter());
      }
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpResponse response && isTakenForFinal(response.status())) {
      // The codec decodes an interim response as a head and an empty last content; both go.
      dropping = !(msg instanceof LastHttpContent);
      ReferenceCountUtil.release(msg);
    } else if (dropping && msg instanceof LastHttpContent) {
      dropping = false;
      ReferenceCountUtil.release(msg);
    } else {
      ctx.fireChannelRead(msg);
    }
  }

  private static boolean isTakenForFinal(HttpResponseStatus status) {
    int code = status.code();
    return code >= 102 && code < 200 && code != HttpResponseStatus.EARLY_HINTS.code();
  }
}
