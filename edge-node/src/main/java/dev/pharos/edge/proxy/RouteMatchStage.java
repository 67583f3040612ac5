package dev.pharos.edge.proxy;

import dev.pharos.edge.routing.LiveRouteTable;
import dev.pharos.edge.routing.RequestPath;
import dev.pharos.edge.routing.RouteMatch;
import io.vertx.core.net.HostAndPort;
import io.vertx.httpproxy.ProxyRequest;

/**
 * Finds the request's route in the current table and rewrites the request target to the route's forward path, the
 * query kept as sent. Routes by the {@linkplain RequestTarget authority} an absolute-form target names, and sends it
 * upstream as {@code Host}; so a request can only reach a target some route names for that authority. Answers 400 to a
 * target that is not a valid path and 404 when no route matches.
 */
final class RouteMatchStage {

  private final LiveRouteTable routes;

  RouteMatchStage(LiveRouteTable routes) {
    this.routes = routes;
  }

  /** @return false when the request is answered: no valid path, or no route */
  boolean match(EdgeContext edge) {
    RequestTarget target = RequestTarget.of(edge.client.uri(), edge.client.authority());
    RequestPath path = target == null ? null : RequestPath.parse(target.originForm());
    if (path == null) {
      edge.answer = EdgeError.INVALID_PATH;
      return false;
    }
    HostAndPort authority = target.authority();
    RouteMatch match = routes.current()
      .match(authority == null ? "" : authority.toString(), path.path(), edge.client.method().name());
    if (match == null) {
      edge.answer = EdgeError.NO_ROUTE;
      return false;
    }
    edge.routeMatch = match;
    edge.clientPath = path;
    edge.authority = authority;
    return true;
  }

  /** Points the library's request at the route's forward path, by the authority it was routed by. */
  static void rewrite(ProxyRequest request, EdgeContext edge) {
    if (edge.authority != null) {
      request.setAuthority(edge.authority);
    }
    String query = edge.clientPath.query();
    String forwardPath = edge.routeMatch.forwardPath();
    request.setURI(query == null ? forwardPath : forwardPath + '?' + query);
  }
}
