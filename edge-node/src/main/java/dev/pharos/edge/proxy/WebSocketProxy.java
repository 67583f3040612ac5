package dev.pharos.edge.proxy;

import dev.pharos.edge.routing.LiveRouteTable;
import dev.pharos.edge.routing.RequestPath;
import dev.pharos.edge.routing.RouteMatch;
import dev.pharos.edge.upstream.Endpoint;
import dev.pharos.edge.upstream.StickySessions;
import dev.pharos.model.Route;
import dev.pharos.model.Target;
import dev.pharos.model.UpstreamProtocol;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Proxies WebSocket upgrade requests (RFC 6455 over HTTP/1.1). They are routed like any request: the route by host,
 * path and method, the target by the upstream's policy (a sticky cookie first), 400/404/503 when that fails, the path
 * rewritten as the route says and the forwarding headers set as for other requests. The edge opens the WebSocket to the
 * target first, offering the client's subprotocols, and accepts the client's handshake only once the target has
 * accepted, agreeing to the subprotocol the target chose; a target that refuses the upgrade has its status passed on,
 * and one that cannot be reached answers 502 or 504. Then a {@link WebSocketBridge} carries the frames.
 *
 * <p>Extensions such as permessage-deflate are negotiated by each hop on its own. An upgraded WebSocket counts as a
 * request in flight to its target until it closes, and is told to the {@link EdgeObserver} then, with status 101 and
 * the data frames' payload bytes each way; a refused upgrade is told at once with its status.
 */
final class WebSocketProxy {

  private static final Logger LOG = System.getLogger(WebSocketProxy.class.getName());
  private static final CharSequence SEC_WEBSOCKET_PROTOCOL = HttpHeaders.createOptimized("sec-websocket-protocol");
  /** Headers of the handshake itself, which each hop makes its own. */
  private static final List<CharSequence> HANDSHAKE = List.of(HttpHeaders.HOST, SEC_WEBSOCKET_PROTOCOL,
    HttpHeaders.createOptimized("sec-websocket-key"), HttpHeaders.createOptimized("sec-websocket-version"),
    HttpHeaders.createOptimized("sec-websocket-extensions"), HttpHeaders.CONTENT_LENGTH);

  private final Vertx vertx;
  private final LiveRouteTable routes;
  private final WebSocketClient client;
  private final TrustedProxies trustedProxies;
  private final String nodeName;
  private final Duration defaultIdleTimeout;
  private final EdgeObserver observer;
  private final Set<WebSocketBridge> live = new HashSet<>();

  WebSocketProxy(Vertx vertx, LiveRouteTable routes, WebSocketClient client, TrustedProxies trustedProxies,
                 String nodeName, Duration defaultIdleTimeout, EdgeObserver observer) {
    this.vertx = vertx;
    this.observer = observer;
    this.routes = routes;
    this.client = client;
    this.trustedProxies = trustedProxies;
    this.nodeName = nodeName;
    this.defaultIdleTimeout = defaultIdleTimeout;
  }

  void handle(HttpServerRequest request) {
    request.pause();
    String requestId = request.getHeader(RequestIdStage.X_REQUEST_ID);
    Upgrade upgrade = new Upgrade(request,
      HeaderValues.isToken(requestId, RequestIdStage.MAX_LENGTH) ? requestId : RequestIdStage.newId());
    RequestTarget target = RequestTarget.of(request.uri(), request.authority());
    RequestPath path = target == null ? null : RequestPath.parse(target.originForm());
    if (path == null) {
      answer(upgrade, EdgeError.INVALID_PATH.status, EdgeError.INVALID_PATH);
      return;
    }
    HostAndPort authority = target.authority();
    RouteMatch match = routes.current()
      .match(authority == null ? "" : authority.toString(), path.path(), request.method().name());
    if (match == null) {
      answer(upgrade, EdgeError.NO_ROUTE.status, EdgeError.NO_ROUTE);
      return;
    }
    upgrade.match = match;
    ServerRequestFacts facts = new ServerRequestFacts(request);
    StickySessions sticky = match.sticky();
    Endpoint pinned = sticky == null ? null : sticky.pinned(facts);
    Endpoint endpoint = pinned != null ? pinned : match.targets().next(facts);
    if (endpoint == null || endpoint.isOverLimit()) {
      EdgeError error = endpoint == null ? EdgeError.NO_TARGET : EdgeError.TARGET_OVER_LIMIT;
      answer(upgrade, error.status, error);
      return;
    }
    String uri = path.query() == null ? match.forwardPath() : match.forwardPath() + '?' + path.query();
    connect(upgrade, endpoint, uri, authority);
  }

  private void connect(Upgrade upgrade, Endpoint endpoint, String uri, HostAndPort authority) {
    HttpServerRequest request = upgrade.request;
    String id = upgrade.id;
    RouteMatch match = upgrade.match;
    Route route = match.route();
    Target target = endpoint.target();
    MultiMap headers = HttpHeaders.headers().addAll(request.headers());
    HopByHopStage.strip(headers);
    HANDSHAKE.forEach(headers::remove);
    ForwardedHeadersStage.apply(headers, request, authority, trustedProxies);
    headers.set(RequestIdStage.X_REQUEST_ID, id);
    WebSocketConnectOptions options = new WebSocketConnectOptions()
      .setHost(target.host())
      .setPort(target.port())
      .setSsl(match.upstream().protocol() == UpstreamProtocol.H2)
      .setURI(uri)
      .setHeaders(headers)
      .setSubProtocols(offeredSubProtocols(request))
      .setConnectTimeout(route.timeouts().connectMs())
      .setTimeout(route.timeouts().responseMs());
    if (authority != null) {
      options.putHeader(HttpHeaders.HOST, authority.toString());
    }
    upgrade.target = target;
    endpoint.acquire();
    endpoint.connecting();
    client.connect(options)
      .onComplete(done -> {
        endpoint.connected();
        upgrade.upstreamNanos = System.nanoTime() - upgrade.startNanos;
      })
      .onSuccess(toTarget -> accept(upgrade, endpoint, toTarget, idleTimeoutMs(route)))
      .onFailure(failure -> {
        endpoint.release();
        if (failure instanceof UpgradeRejectedException rejected) {
          answer(upgrade, rejected.getStatus(), EdgeError.UPSTREAM_FAILED);
          return;
        }
        EdgeError error = EdgeError.ofUpstreamFailure(failure);
        LOG.log(Level.WARNING, () -> id + " route " + route.id() + " target " + target.address()
          + ": WebSocket " + error.status + " after " + failure);
        answer(upgrade, error.status, error);
      });
  }

  private void accept(Upgrade upgrade, Endpoint endpoint, WebSocket toTarget, long idleTimeoutMs) {
    HttpServerRequest request = upgrade.request;
    // The listener agrees to any subprotocol the client offers and picks the first offered: left with only the one
    // the target chose, it agrees to that one.
    String chosen = toTarget.subProtocol();
    if (chosen == null) {
      request.headers().remove(SEC_WEBSOCKET_PROTOCOL);
    } else {
      request.headers().set(SEC_WEBSOCKET_PROTOCOL, chosen);
    }
    request.toWebSocket()
      .onSuccess(toClient -> new WebSocketBridge(vertx, toClient, toTarget, idleTimeoutMs, live, bridge -> {
        endpoint.release();
        upgrade.ended(101, bridge.bytesToTarget(), bridge.bytesToClient());
      }).start())
      .onFailure(e -> {
        endpoint.release();
        toTarget.close(WebSocketBridge.GOING_AWAY, null);
        upgrade.ended(FinishedRequest.CLIENT_CLOSED, 0, 0);
      });
  }

  private long idleTimeoutMs(Route route) {
    Long own = route.webSocketIdleTimeoutMs();
    return own != null ? own : defaultIdleTimeout.toMillis();
  }

  private static List<String> offeredSubProtocols(HttpServerRequest request) {
    List<String> offered = new ArrayList<>();
    for (String line : request.headers().getAll(SEC_WEBSOCKET_PROTOCOL)) {
      for (String protocol : line.split(",")) {
        if (!protocol.isBlank()) {
          offered.add(protocol.trim());
        }
      }
    }
    return offered.isEmpty() ? null : offered;
  }

  private void answer(Upgrade upgrade, int status, EdgeError error) {
    HttpServerRequest request = upgrade.request;
    request.response()
      .setStatusCode(status)
      .putHeader(HttpHeaders.CONTENT_TYPE, EdgeError.CONTENT_TYPE)
      .putHeader(ServedByStage.X_SERVED_BY, nodeName)
      .putHeader(RequestIdStage.X_REQUEST_ID, upgrade.id)
      .end(error.body());
    request.resume();
    upgrade.ended(status, 0, request.response().bytesWritten());
  }

  /** One upgrade request, from its arrival until its WebSocket closes or it is refused. */
  private final class Upgrade {

    final HttpServerRequest request;
    final String id;
    final long startMillis = System.currentTimeMillis();
    final long startNanos = System.nanoTime();
    RouteMatch match;
    Target target;
    long upstreamNanos = -1;

    Upgrade(HttpServerRequest request, String id) {
      this.request = request;
      this.id = id;
    }

    void ended(int status, long bytesReceived, long bytesSent) {
      SocketAddress client = request.remoteAddress();
      HostAndPort authority = request.authority();
      observer.requestEnded(new FinishedRequest(startMillis, id, client == null ? null : client.hostAddress(),
        request.method(), authority == null ? null : authority.toString(), request.path(), status, bytesReceived,
        bytesSent, System.nanoTime() - startNanos, upstreamNanos, match == null ? null : match.route().id(), target,
        0));
    }
  }

  /** Closes every WebSocket this loop carries with a close frame, status 1001. Call on the loop. */
  void goingAway() {
    List.copyOf(live).forEach(WebSocketBridge::goingAway);
  }

  /** How many WebSockets this loop carries. Call on the loop. */
  int open() {
    return live.size();
  }
}
