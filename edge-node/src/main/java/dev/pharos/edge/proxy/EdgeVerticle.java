package dev.pharos.edge.proxy;

import dev.pharos.edge.limits.ConnectionLimiter;
import dev.pharos.edge.listener.ProxyProtocol;
import dev.pharos.edge.limits.ListenerLimits;
import dev.pharos.edge.limits.RequestDeadlines;
import dev.pharos.edge.ratelimit.RateLimiter;
import dev.pharos.edge.routing.LiveRouteTable;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.httpproxy.HttpProxy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP listener and its upstream client, on one event loop. Deploy one instance per loop: Vert.x shares the
 * listening port among them, and since each instance's client pools its connections on the instance's own loop
 * (pool event-loop size 0), a request and its upstream exchange never change threads.
 *
 * <p>Each connection's HTTP/1.x decoder is a {@link StrictRequestDecoder}, which refuses the framings Netty would
 * resolve its own way. With {@link ProxySettings#proxyProtocol()} every connection starts with a PROXY protocol header
 * whose client address is the connection's remote address from then on (see {@link ProxyProtocol}).
 *
 * <p>The listener enforces the node's {@link ListenerLimits}: Netty's decoder bounds the request line and header
 * block ({@link InvalidRequestHandler} answers), the stages bound header count and body size, {@link RequestDeadlines}
 * closes connections slow to send a request head, and the {@link ConnectionLimiter} every instance of a node shares
 * closes a connection over the node's or its client's count before reading from it.
 *
 * <p>The server and client are closed with the verticle when it is undeployed. A draining node first calls
 * {@link #closeConnectionsAfterResponses} and then {@link #shutdown}.
 */
public final class EdgeVerticle extends VerticleBase {

  private final ProxySettings settings;
  private final LiveRouteTable routes;
  private final EdgeObserver observer;
  private final ConnectionLimiter connections;
  private final RateLimiter limiter;

  // Set once in start(), on this verticle's event loop.
  private HttpServer server;
  private HttpServerOptions serverOptions;
  private HttpProxy pipeline;
  private InvalidRequestHandler refusals;
  private RequestDeadlines deadlines;

  // Owned by this verticle's event loop: null until the node drains.
  private Duration drainConnectionTimeout;
  // Owned by this verticle's event loop: connections that answered with Connection: close, until they are closed.
  private final Set<HttpConnection> closing = new HashSet<>();

  /**
   * @param connections counts the node's client connections; every instance of one node must share the same one
   * @param limiter     enforces the routes' rate limits; every instance of one node must share the same one
   */
  public EdgeVerticle(ProxySettings settings, LiveRouteTable routes, EdgeObserver observer,
                      ConnectionLimiter connections, RateLimiter limiter) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.routes = Objects.requireNonNull(routes, "routes");
    this.observer = Objects.requireNonNull(observer, "observer");
    this.connections = Objects.requireNonNull(connections, "connections");
    this.limiter = Objects.requireNonNull(limiter, "limiter");
  }

  @Override
  public Future<?> start() {
    HttpClient client = vertx.httpClientBuilder()
      .with(new HttpClientOptions().setKeepAlive(true))
      .with(new PoolOptions()
        .setHttp1MaxSize(settings.maxConnectionsPerTarget())
        .setMaxWaitQueueSize(settings.maxPendingPerTarget())
        .setEventLoopSize(0))
      .build();
    pipeline = EdgePipeline.create(settings, routes, client, observer, limiter);
    refusals = new InvalidRequestHandler(settings.nodeName());
    ListenerLimits limits = settings.limits();
    deadlines = new RequestDeadlines(vertx, limits.headerTimeout(), limits.idleTimeout());
    // h2c upgrades are refused until the pipeline speaks HTTP/2 end to end: an upgraded stream breaks on the
    // HTTP/1.1 framing headers the upstream response carries. Clients that ask simply stay on HTTP/1.1.
    serverOptions = new HttpServerOptions().setHost(settings.host()).setPort(listenPort())
      .setHttp2ClearTextEnabled(false)
      .setMaxInitialLineLength(limits.maxRequestLineBytes())
      .setMaxHeaderSize(limits.maxHeaderBytes());
    ProxyProtocol.configure(serverOptions, settings.proxyProtocol(), limits.headerTimeout());
    server = vertx.createHttpServer(serverOptions)
      .connectionHandler(this::accept)
      .invalidRequestHandler(refusals)
      .requestHandler(this::handle);
    return server.listen();
  }

  private void accept(HttpConnection connection) {
    String client = clientAddress(connection);
    if (!connections.tryAcquire(client)) {
      connection.close();
      return;
    }
    StrictRequestDecoder.install(connection, serverOptions);
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
    request.response().bodyEndHandler(v -> deadlines.responseEnded(connection));
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
    return server.shutdown(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Vert.x shares one listener among instances for a fixed port or a negative one, but gives each instance listening on
   * port 0 a port of its own; -1 binds a free port once and shares it among every instance asking for -1.
   */
  private int listenPort() {
    return settings.httpPort() == 0 ? -1 : settings.httpPort();
  }

  /**
   * The port the listener is bound to, which differs from {@link ProxySettings#httpPort()} when that is 0. Valid once
   * the deployment has completed.
   */
  public int actualPort() {
    return server.actualPort();
  }
}
