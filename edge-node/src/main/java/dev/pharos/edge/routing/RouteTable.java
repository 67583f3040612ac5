package dev.pharos.edge.routing;

import dev.pharos.edge.upstream.Balancers;
import dev.pharos.edge.upstream.StickyKey;
import dev.pharos.edge.upstream.UpstreamBalancing;
import dev.pharos.model.ConfigSnapshot;
import dev.pharos.model.HostNames;
import dev.pharos.model.Route;
import dev.pharos.model.Upstream;

import java.util.HashMap;
import java.util.Map;

/**
 * An immutable, compiled route table, shared by every event loop.
 *
 * <h2>How a request finds its route</h2>
 *
 * <ol>
 *   <li><b>Host.</b> The request's host is lower-cased and stripped of its port and of a trailing dot
 *   ({@code API.Example.com.:8443} is {@code api.example.com}). Routes are tried in groups, most specific first:
 *   <ol>
 *     <li>routes listing the exact host name;</li>
 *     <li>routes listing a wildcard {@code *.suffix} that the host ends with, longest suffix first. A wildcard
 *     matches names of any depth under the suffix, never the suffix itself: {@code *.b.example} matches
 *     {@code a.b.example} and {@code x.a.b.example}, not {@code b.example};</li>
 *     <li>routes with no hosts, which match any host.</li>
 *   </ol>
 *   When no route of a group matches the path and method, the next group is tried.</li>
 *   <li><b>Path.</b> Within a group, the route with the longest {@code pathPrefix} matching the path wins. A prefix
 *   matches at a segment boundary: {@code /api} matches {@code /api}, {@code /api/} and {@code /api/x}, not
 *   {@code /apix}; a prefix ending in '/' matches any path starting with it; {@code /} matches every path. Paths are
 *   matched after normalisation ({@link RequestPath#parse}), and prefixes are normalised the same way. When no route
 *   of the longest prefix accepts the method, shorter prefixes are tried.</li>
 *   <li><b>Method.</b> Among routes with the same host pattern and prefix, a route listing the request's method
 *   beats a route with no methods (any method). If several remain, the route with the lowest id (in string order)
 *   wins, so the outcome never depends on the order routes were written in.</li>
 * </ol>
 *
 * <p>The request is forwarded with its normalised path. A route with {@code stripPrefix} removes its prefix and
 * keeps a leading '/': prefix {@code /api} forwards {@code /api} as {@code /} and {@code /api/users} as
 * {@code /users}; prefix {@code /api/} forwards {@code /api/users} as {@code /users}.
 *
 * <h2>Cost</h2>
 *
 * A lookup costs a few hash probes per label of the host and per segment of the path, whatever the number of routes:
 * exact hosts and wildcard suffixes are hash keys, and each host group indexes its routes by prefix. Everything,
 * including one target selector per upstream, is built by {@link #compile}.
 */
public final class RouteTable {

  public static final RouteTable EMPTY = compile(ConfigSnapshot.EMPTY, new Balancers(StickyKey.random()));

  private final ConfigSnapshot snapshot;
  private final Map<String, HostRoutes> exactHosts;
  private final Map<String, HostRoutes> wildcardSuffixes;
  private final HostRoutes anyHost;

  private RouteTable(ConfigSnapshot snapshot, Map<String, HostRoutes> exactHosts,
                     Map<String, HostRoutes> wildcardSuffixes, HostRoutes anyHost) {
    this.snapshot = snapshot;
    this.exactHosts = exactHosts;
    this.wildcardSuffixes = wildcardSuffixes;
    this.anyHost = anyHost;
  }

  /** @param balancers the node's, which every table it serves is compiled with */
  public static RouteTable compile(ConfigSnapshot snapshot, Balancers balancers) {
    Map<String, UpstreamBalancing> compiledUpstreams = new HashMap<>();
    Map<String, HostRoutes.Builder> exactHosts = new HashMap<>();
    Map<String, HostRoutes.Builder> wildcardSuffixes = new HashMap<>();
    HostRoutes.Builder anyHost = new HostRoutes.Builder();
    // In id order, so that the lowest id comes first among routes that tie.
    for (Route route : snapshot.routes().values()) {
      String prefix = RequestPath.normalize(route.pathPrefix());
      if (prefix == null) {
        // The prefix encodes NUL (%00), which no accepted request path contains.
        continue;
      }
      Upstream upstream = snapshot.upstreams().get(route.upstream());
      UpstreamBalancing balancing = compiledUpstreams.computeIfAbsent(upstream.id(), id -> balancers.compile(upstream));
      CompiledRoute compiled = new CompiledRoute(route, upstream, balancing, prefix);
      if (route.hosts().isEmpty()) {
        anyHost.add(compiled);
      }
      for (String host : route.hosts()) {
        if (host.startsWith("*.")) {
          wildcardSuffixes.computeIfAbsent(host.substring(2), h -> new HostRoutes.Builder()).add(compiled);
        } else {
          exactHosts.computeIfAbsent(host, h -> new HostRoutes.Builder()).add(compiled);
        }
      }
    }
    balancers.retainOnly(snapshot.upstreams().values());
    return new RouteTable(snapshot, build(exactHosts), build(wildcardSuffixes), anyHost.build());
  }

  /** A plain HashMap, never modified once built, for the same reason as in {@link MethodRoutes}. */
  private static Map<String, HostRoutes> build(Map<String, HostRoutes.Builder> builders) {
    Map<String, HostRoutes> built = new HashMap<>();
    builders.forEach((key, builder) -> built.put(key, builder.build()));
    return built;
  }

  public long version() {
    return snapshot.version();
  }

  public ConfigSnapshot snapshot() {
    return snapshot;
  }

  /**
   * @param authority the request's host, as in the Host header (a port is ignored); null or empty matches only
   *                  routes for any host
   * @param path      the normalised path ({@link RequestPath#path()})
   * @param method    the upper-case method name
   * @return the best route, or null when none matches (the request answers 404)
   */
  public RouteMatch match(String authority, String path, String method) {
    CompiledRoute route = select(HostNames.normalize(authority), path, method);
    return route == null ? null : route.match(path);
  }

  private CompiledRoute select(String host, String path, String method) {
    CompiledRoute route = select(exactHosts.get(host), path, method);
    if (route != null) {
      return route;
    }
    if (!wildcardSuffixes.isEmpty()) {
      for (int dot = host.indexOf('.'); dot >= 0; dot = host.indexOf('.', dot + 1)) {
        route = select(wildcardSuffixes.get(host.substring(dot + 1)), path, method);
        if (route != null) {
          return route;
        }
      }
    }
    return anyHost.select(path, method);
  }

  private static CompiledRoute select(HostRoutes routes, String path, String method) {
    return routes == null ? null : routes.select(path, method);
  }
}
