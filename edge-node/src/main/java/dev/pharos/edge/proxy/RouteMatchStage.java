package dev.pharos.edge.proxy;

import dev.pharos.edge.routing.LiveRouteTable;
import dev.pharos.edge.routing.RequestPath;
import dev.pharos.edge.routing.RouteMatch;
import io.vertx.core.Future;
import io.vertx.core.net.HostAndPort;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;

/**
 * Finds the request's route in the current table and rewrites the request target to the route's forward path, the
 * query kept as sent. Routes by the {@linkplain RequestTarget authority} an absolute-form target names, and sends it
 * upstream as {@code Host}; so a request can only reach a target some route names for that authority. Answers 400 to a
 * target that is not a valid path and 404 when no route matches.
 */
final class RouteMatchStage implements ProxyInterceptor {

  private final LiveRouteTable routes;

  RouteMatchStage(LiveRouteTable routes) {
    this.routes = routes;
  }

  @Override
  public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
    ProxyRequest request = context.request();
    RequestTarget target = RequestTarget.of(request.getURI(), request.proxiedRequest().authority());
    RequestPath path = target == null ? null : RequestPath.parse(target.originForm());
    if (path == null) {
      return EdgeError.INVALID_PATH.respond(context);
    }
    HostAndPort authority = target.authority();
    RouteMatch match = routes.current()
      .match(authority == null ? "" : authority.toString(), path.path(), request.getMethod().name());
    if (match == null) {
      return EdgeError.NO_ROUTE.respond(context);
    }
    EdgeContext.ROUTE_MATCH.set(context, match);
    EdgeContext.CLIENT_PATH.set(context, path);
    request.setAuthority(authority);
    request.setURI(path.query() == null ? match.forwardPath() : match.forwardPath() + '?' + path.query());
    return context.sendRequest();
  }
}
