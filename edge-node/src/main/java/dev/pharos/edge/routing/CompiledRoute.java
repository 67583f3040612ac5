package dev.pharos.edge.routing;

import dev.pharos.edge.upstream.UpstreamBalancing;
import dev.pharos.model.Route;
import dev.pharos.model.Upstream;

/** A route with everything a match needs resolved at compile time. */
final class CompiledRoute {

  private final Route route;
  private final Upstream upstream;
  private final UpstreamBalancing balancing;
  private final String prefix;
  // How many leading characters stripPrefix removes, -1 without it. A prefix's trailing '/' is kept, so /api and
  // /api/ both forward /api/x as /x.
  private final int stripLength;

  /** @param prefix the route's path prefix, normalised like request paths */
  CompiledRoute(Route route, Upstream upstream, UpstreamBalancing balancing, String prefix) {
    this.route = route;
    this.upstream = upstream;
    this.balancing = balancing;
    this.prefix = prefix;
    this.stripLength = !route.stripPrefix() ? -1 : prefix.endsWith("/") ? prefix.length() - 1 : prefix.length();
  }

  Route route() {
    return route;
  }

  String prefix() {
    return prefix;
  }

  /** @param path a normalised path that this route's prefix matches */
  RouteMatch match(String path) {
    String forwardPath = stripLength < 0 ? path : stripLength == path.length() ? "/" : path.substring(stripLength);
    return new RouteMatch(route, upstream, balancing.targets(), balancing.sticky(), forwardPath,
      balancing.outliers());
  }
}
