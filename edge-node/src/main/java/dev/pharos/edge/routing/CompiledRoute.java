package dev.pharos.edge.routing;

import dev.pharos.edge.upstream.TargetSelector;
import dev.pharos.model.Route;
import dev.pharos.model.Upstream;

/**
 * A route with everything a match needs resolved at compile time.
 *
 * @param prefix the route's path prefix, normalised like request paths
 */
record CompiledRoute(Route route, Upstream upstream, TargetSelector targets, String prefix) {

  RouteMatch match(String path) {
    return new RouteMatch(route, upstream, targets, route.stripPrefix() ? stripPrefix(path) : path);
  }

  /** Keeps the leading '/' of what follows the prefix: {@code /api} and {@code /api/} both turn /api/x into /x. */
  private String stripPrefix(String path) {
    int end = prefix.endsWith("/") ? prefix.length() - 1 : prefix.length();
    return end == path.length() ? "/" : path.substring(end);
  }
}
