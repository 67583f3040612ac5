package dev.pharos.edge.proxy;

import io.netty.channel.ChannelPipeline;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.HttpServerImpl;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.VertxWrapper;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.impl.NetServerImpl;
import io.vertx.core.net.impl.NetServerInternal;

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
 */
final class H2cListener {

  private H2cListener() {
  }

  /** An HTTP server for {@code options}, which must enable h2c and not TLS. */
  static HttpServer create(Vertx vertx, HttpServerOptions options) {
    if (!options.isHttp2ClearTextEnabled() || options.isSsl()) {
      throw new IllegalArgumentException("an h2c listener takes cleartext HTTP/2; options: ssl=" + options.isSsl()
        + ", http2ClearText=" + options.isHttp2ClearTextEnabled());
    }
    return new HttpServerImpl(new GatingVertx((VertxInternal) vertx, options), options);
  }

  private static final class GatingVertx extends VertxWrapper {

    private final HttpServerOptions options;

    GatingVertx(VertxInternal delegate, HttpServerOptions options) {
      super(delegate);
      this.options = options;
    }

    @Override
    public NetServerInternal createNetServer(NetServerOptions tcpOptions) {
      return new GatingNetServer(delegate, tcpOptions.copy(), options);
    }
  }

  private static final class GatingNetServer extends NetServerImpl {

    private final HttpServerOptions options;

    GatingNetServer(VertxInternal vertx, NetServerOptions tcpOptions, HttpServerOptions options) {
      super(vertx, tcpOptions);
      this.options = options;
    }

    @Override
    protected void initChannel(ChannelPipeline pipeline, boolean ssl) {
      // First, so that it stays in front of the protocol choice, which Vert.x adds before the handlers added here.
      pipeline.addLast(H2cPrefaceGate.NAME, new H2cPrefaceGate(options));
      super.initChannel(pipeline, ssl);
    }
  }
}
