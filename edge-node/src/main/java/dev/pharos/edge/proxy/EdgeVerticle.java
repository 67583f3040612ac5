package dev.pharos.edge.proxy;

import dev.pharos.edge.cache.ClusterCache;
import dev.pharos.edge.limits.ConnectionLimiter;
import dev.pharos.edge.limits.ListenerLimits;
import dev.pharos.edge.limits.RequestDeadlines;
import dev.pharos.edge.listener.ProxyProtocol;
import dev.pharos.edge.ratelimit.RateLimiter;
import dev.pharos.edge.routing.LiveRouteTable;
import dev.pharos.edge.tls.HttpsListener;
import dev.pharos.edge.tls.ServerCertificates;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SocketAddress;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The public listeners (HTTP, and HTTPS when it is configured) and the upstream clients, on one event loop. Deploy
 * one instance per loop: Vert.x shares the listening ports among them, and since each instance's clients pool their
 * connections on the instance's own loop (pool event-loop size 0), a request and its upstream exchange never change
 * threads.
 *
 * <p>Each connection's HTTP/1.x decoder is a {@link StrictRequestDecoder}, which refuses the framings Netty would
 * resolve its own way. With {@link ProxySettings#proxyProtocol()} every connection, on either listener, starts with a
 * PROXY protocol header whose client address is the connection's remote address from then on (see
 * {@link ProxyProtocol}).
 *
 * <p>The listener enforces the node's {@link ListenerLimits}: Netty's decoder bounds the request line and header
 * block ({@link InvalidRequestHandler} answers), the stages bound header count and body size, {@link RequestDeadlines}
 * closes connections slow to send a request head, and the {@link ConnectionLimiter} every instance of a node shares
 * closes a connection over the node's or its client's count before reading from it.
 *
 * <p>Both listeners speak HTTP/1.1 and HTTP/2: the HTTPS one by ALPN, the cleartext one by prior knowledge (h2c) or
 * upgrade when {@link ProxySettings#http2Cleartext()} is on. WebSocket upgrades go to {@link WebSocketProxy}, every
 * other request to the {@link EdgePipeline}.
 *
 * <p>The servers and clients are closed with the verticle when it is undeployed. A draining node first calls
 * {@link #closeConnectionsAfterResponses} and then {@link #shutdown}.
 */
public final class EdgeVerticle extends VerticleBase {

  private final ProxySettings settings;
  private final LiveRouteTable routes;
  private final EdgeObserver observer;
  private final ConnectionLimiter connections;
  private final RateLimiter limiter;
  private final HttpsListener https;
  // Null when the node has no cache: routes that enable caching are then proxied as if they did not.
  private final ClusterCache cache;

  // Set once in start(), on this verticle's event loop.
  private HttpServer server;
  // Null when the node has no HTTPS listener.
  private HttpServer httpsServer;
  private WebSocketProxy webSockets;
  private EdgePipeline pipeline;
  private InvalidRequestHandler refusals;
  private RequestDeadlines deadlines;

  // Owned by this verticle's event loop: null until the node drains.
  private Duration drainConnectionTimeout;
  // Owned by this verticle's event loop: connections that answered with Connection: close, until they are closed.
  private final Set<HttpConnection> closing = new HashSet<>();

  /**
   * @param connections counts the node's client connections; every instance of one node must share the same one
   * @param limiter     enforces the routes' rate limits; every instance of one node must share the same one
   * @param https       the HTTPS listener; null for none
   * @param cache       the node's access to the cluster's cache, which every instance of one node shares; null for none
   */
  public EdgeVerticle(ProxySettings settings, LiveRouteTable routes, EdgeObserver observer,
                      ConnectionLimiter connections, RateLimiter limiter, HttpsListener https,
                      ClusterCache cache) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.routes = Objects.requireNonNull(routes, "routes");
    this.observer = Objects.requireNonNull(observer, "observer");
    this.connections = Objects.requireNonNull(connections, "connections");
    this.limiter = Objects.requireNonNull(limiter, "limiter");
    this.https = https;
    this.cache = cache;
  }

  @Override
  public Future<?> start() {
    UpstreamClients clients = new UpstreamClients(vertx, settings);
    pipeline = EdgePipeline.create(settings, routes, clients, this::httpsPortForRedirects, observer, limiter,
      cache);
    webSockets = new WebSocketProxy(vertx, routes, vertx.createWebSocketClient(), settings.trustedProxies(),
      settings.nodeName(), settings.webSocketIdleTimeout(), observer);
    refusals = new InvalidRequestHandler(settings.nodeName(), observer);
    ListenerLimits limits = settings.limits();
    deadlines = new RequestDeadlines(vertx, limits.headerTimeout(), limits.idleTimeout());
    server = listener(new HttpServerOptions().setPort(listenPort(settings.httpPort(), -1))
      .setHttp2ClearTextEnabled(settings.http2Cleartext()));
    if (https == null) {
      return server.listen();
    }
    httpsServer = listener(https.secure(new HttpServerOptions().setPort(listenPort(https.port(), -2))));
    return server.listen().compose(v -> httpsServer.listen());
  }

  private HttpServer listener(HttpServerOptions options) {
    ListenerLimits limits = settings.limits();
    options.setHost(settings.host())
      .setMaxInitialLineLength(limits.maxRequestLineBytes())
      .setMaxHeaderSize(limits.maxHeaderBytes())
      .setMaxChunkSize(UpstreamClients.MAX_CHUNK_BYTES)
      // WebSocketProxy leaves the client only the subprotocol the target chose.
      .setWebSocketSubProtocols(List.of("*"));
    ProxyProtocol.configure(options, settings.proxyProtocol(), limits.headerTimeout());
    HttpServer listener = options.isHttp2ClearTextEnabled() && !options.isSsl()
      ? H2cListener.create(vertx, options, limits.headerTimeout()) : vertx.createHttpServer(options);
    return listener
      .connectionHandler(connection -> accept(connection, options))
      .invalidRequestHandler(refusals)
      .requestHandler(this::handle);
  }

  private int httpsPortForRedirects() {
    return httpsServer == null ? 443 : httpsServer.actualPort();
  }

  private void accept(HttpConnection connection, HttpServerOptions options) {
    H2cListener.handedOver(connection);
    String client = clientAddress(connection);
    if (!connections.tryAcquire(client)) {
      connection.close();
      return;
    }
    StrictRequestDecoder.install(connection, options);
    Http2Flushes.consolidate(connection);
    observer.connectionOpened();
    deadlines.connected(connection);
    connection.closeHandler(closed -> {
      closing.remove(connection);
      connections.release(client);
      deadlines.closed(connection);
      observer.connectionClosed();
    });
  }

  private static String clientAddress(HttpConnection connection) {
    SocketAddress remote = connection.remoteAddress();
    return remote == null || remote.hostAddress() == null ? "" : remote.hostAddress();
  }

  private void handle(HttpServerRequest request) {
    HttpConnection connection = request.connection();
    // A request pipelined behind one answered with Connection: close is not processed (RFC 9112 §9.6): after a
    // refusal its bytes may well be the refused request's body. Vert.x hands it over once that answer is complete,
    // just before the connection closes.
    if (closing.contains(connection)) {
      return;
    }
    // Checked before the proxy library, which answers some invalid Transfer-Encodings itself before any stage runs.
    if (RequestIntegrity.isAmbiguous(request)) {
      closing.add(connection);
      refusals.refuse(request, EdgeError.BAD_REQUEST);
      return;
    }
    useAbsoluteFormAuthority(request);
    deadlines.requestStarted(connection);
    if (request.canUpgradeToWebSocket()) {
      // Once upgraded the connection is the WebSocket's: its idle timeout is the bridge's, not the listener's.
      request.response().bodyEndHandler(v -> deadlines.responseEnded(connection));
      webSockets.handle(request);
      return;
    }
    if (request.version() == HttpVersion.HTTP_2) {
      // A stream's close handler runs once whether it ended or was reset; the body end handler misses resets, which
      // would leave the connection counted busy and never closed when idle.
      request.response().closeHandler(v -> deadlines.responseEnded(connection));
    } else {
      request.response().bodyEndHandler(v -> deadlines.responseEnded(connection));
    }
    // Decided when the head is written, so that a response begun before the drain but sent during it closes too.
    request.response().headersEndHandler(v -> {
      if (drainConnectionTimeout != null) {
        closeAfterResponse(request);
      }
      if (HttpHeaders.CLOSE.toString().equalsIgnoreCase(request.response().headers().get(HttpHeaders.CONNECTION))) {
        closing.add(connection);
      }
    });
    pipeline.handle(request);
  }

  /**
   * An absolute-form target's authority overrides Host (RFC 9112 §3.2.2). Host is set to it before anything asks the
   * request for its authority, which Vert.x reads from Host once and keeps: so the route, the Host sent upstream and
   * the library's own X-Forwarded-Host all name the authority the request is routed by.
   */
  private static void useAbsoluteFormAuthority(HttpServerRequest request) {
    RequestTarget target = RequestTarget.of(request.uri(), null);
    if (target != null && target.authority() != null) {
      request.headers().set(HttpHeaders.HOST, target.authority().toString());
    }
  }

  // A server that sends Connection: close must close the connection after the response (RFC 9112 §9.6), and Vert.x
  // does so only when the client asked for it; shutting the connection down lets the response finish first.
  private void closeAfterResponse(HttpServerRequest request) {
    if (request.version() != HttpVersion.HTTP_2) {
      request.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
    }
    request.connection().shutdown(drainConnectionTimeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Makes every response sent from now on carry {@code Connection: close} and close its connection, so that keep-alive
   * clients open their next connection anew, to whichever node DNS or their load balancer now names.
   *
   * @param timeout how long such a connection may stay open for its response before it is cut
   */
  public void closeConnectionsAfterResponses(Duration timeout) {
    context.runOnContext(v -> drainConnectionTimeout = timeout);
  }

  /**
   * Stops listening (Vert.x closes the shared port when the last instance stops) and closes idle connections at once,
   * and every other connection once its request in flight is answered.
   *
   * @param timeout how long requests in flight may take; connections still open then are cut
   * @return completes when every connection of this instance is closed
   */
  public Future<Void> shutdown(Duration timeout) {
    context.runOnContext(v -> webSockets.goingAway());
    Future<Void> cleartext = server.shutdown(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (httpsServer == null) {
      return cleartext;
    }
    return Future.all(cleartext, httpsServer.shutdown(timeout.toMillis(), TimeUnit.MILLISECONDS)).mapEmpty();
  }

  /**
   * Serves {@code next} to the HTTPS listener's new connections; connections already open keep their certificate.
   * Instances share the listener, so one call serves every instance.
   *
   * @return completes once new connections get {@code next}
   */
  public Future<Boolean> updateCertificates(ServerCertificates next) {
    if (httpsServer == null) {
      return Future.failedFuture(new IllegalStateException("no HTTPS listener"));
    }
    return httpsServer.updateSSLOptions(HttpsListener.sslOptions(next), true);
  }

  /**
   * Vert.x shares one listener among instances for a fixed port or a negative one, but gives each instance listening on
   * port 0 a port of its own; a negative port binds a free port once and shares it among every instance asking for the
   * same negative number, so each listener asks for its own.
   */
  private static int listenPort(int port, int sharedFreePort) {
    return port == 0 ? sharedFreePort : port;
  }

  /**
   * The port the listener is bound to, which differs from {@link ProxySettings#httpPort()} when that is 0. Valid once
   * the deployment has completed.
   */
  public int actualPort() {
    return server.actualPort();
  }

  /** The port the HTTPS listener is bound to; -1 when there is none. Valid once the deployment has completed. */
  public int actualHttpsPort() {
    return httpsServer == null ? -1 : httpsServer.actualPort();
  }
}
