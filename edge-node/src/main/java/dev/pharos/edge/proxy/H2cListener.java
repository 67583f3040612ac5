package dev.pharos.edge.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.HttpServerImpl;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.VertxWrapper;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.net.impl.NetServerImpl;
import io.vertx.core.net.impl.NetServerInternal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Creates the cleartext listener when it also takes h2c: a Vert.x HTTP server like any other, except that each
 * connection gets an {@link H2cPrefaceGate} before it reads its first byte.
 *
 * <p>Vert.x has no public hook that runs between accepting a connection and its first read (the connection handler runs
 * once the protocol is chosen, and for HTTP/1.x only once the first request head is decoded). The one place is
 * {@link NetServerImpl#initChannel}, which the TCP server under every HTTP server calls for each accepted connection,
 * after a PROXY protocol header has been read and before the HTTP handlers are added. The HTTP server is therefore
 * built on a {@link VertxWrapper} (Vert.x's base for wrapping an instance) whose TCP servers add the gate there; the
 * wrapper changes nothing else, and the server it returns behaves as {@link Vertx#createHttpServer} would.
 *
 * <p>The same hook bounds the time before Vert.x hands a connection over (after the HTTP/2 preface, or over HTTP/1.x
 * after the first request head), which no deadline of the node's could time, since it learns of the connection only
 * then: a connection not handed over within the header timeout from being accepted is closed.
 */
final class H2cListener {

  private static final AttributeKey<ScheduledFuture<?>> HANDOVER_DEADLINE =
    AttributeKey.valueOf(H2cListener.class, "handoverDeadline");

  private H2cListener() {
  }

  /**
   * An HTTP server for {@code options}, which must enable h2c and not TLS.
   *
   * @param headerTimeout how long a connection may take from being accepted until Vert.x hands it over; call
   *                      {@link #handedOver} from the server's connection handler
   */
  static HttpServer create(Vertx vertx, HttpServerOptions options, Duration headerTimeout) {
    if (!options.isHttp2ClearTextEnabled() || options.isSsl()) {
      throw new IllegalArgumentException("an h2c listener takes cleartext HTTP/2; options: ssl=" + options.isSsl()
        + ", http2ClearText=" + options.isHttp2ClearTextEnabled());
    }
    return new HttpServerImpl(new GatingVertx((VertxInternal) vertx, options, headerTimeout), options);
  }

  /** Ends the hand-over deadline of {@code connection}, if it has one: the node times the connection from here. */
  static void handedOver(HttpConnection connection) {
    if (connection instanceof ConnectionBase base) {
      Channel channel = base.channelHandlerContext().channel();
      if (channel.hasAttr(HANDOVER_DEADLINE)) {
        ScheduledFuture<?> deadline = channel.attr(HANDOVER_DEADLINE).getAndSet(null);
        if (deadline != null) {
          deadline.cancel(false);
        }
      }
    }
  }

  private static final class GatingVertx extends VertxWrapper {

    private final HttpServerOptions options;
    private final Duration headerTimeout;

    GatingVertx(VertxInternal delegate, HttpServerOptions options, Duration headerTimeout) {
      super(delegate);
      this.options = options;
      this.headerTimeout = headerTimeout;
    }

    @Override
    public NetServerInternal createNetServer(NetServerOptions tcpOptions) {
      return new GatingNetServer(delegate, tcpOptions.copy(), options, headerTimeout);
    }
  }

  private static final class GatingNetServer extends NetServerImpl {

    private final HttpServerOptions options;
    private final long headerTimeoutMs;

    GatingNetServer(VertxInternal vertx, NetServerOptions tcpOptions, HttpServerOptions options,
                    Duration headerTimeout) {
      super(vertx, tcpOptions);
      this.options = options;
      this.headerTimeoutMs = headerTimeout.toMillis();
    }

    @Override
    protected void initChannel(ChannelPipeline pipeline, boolean ssl) {
      // First, so that it stays in front of the protocol choice, which Vert.x adds before the handlers added here.
      pipeline.addLast(H2cPrefaceGate.NAME, new H2cPrefaceGate(options));
      Channel channel = pipeline.channel();
      ScheduledFuture<?> deadline = channel.eventLoop().schedule(() -> {
        channel.close();
      }, headerTimeoutMs, TimeUnit.MILLISECONDS);
      channel.attr(HANDOVER_DEADLINE).set(deadline);
      channel.closeFuture().addListener(closed -> deadline.cancel(false));
      super.initChannel(pipeline, ssl);
    }
  }
}
