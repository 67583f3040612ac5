package dev.pharos.edge.routing;

import dev.pharos.edge.upstream.TargetSelector;
import dev.pharos.model.ConfigSnapshot;
import dev.pharos.model.HostNames;
import dev.pharos.model.Route;
import dev.pharos.model.Target;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An immutable, compiled route table. Placeholder with linear matching, replaced by the routing work.
 */
public final class RouteTable {

  public static final RouteTable EMPTY = compile(ConfigSnapshot.EMPTY);

  private final ConfigSnapshot snapshot;

  private RouteTable(ConfigSnapshot snapshot) {
    this.snapshot = snapshot;
  }

  public static RouteTable compile(ConfigSnapshot snapshot) {
    return new RouteTable(snapshot);
  }

  public long version() {
    return snapshot.version();
  }

  public ConfigSnapshot snapshot() {
    return snapshot;
  }

  /**
   * @param authority the request's host, as in the Host header (a port is ignored)
   * @param path      the normalised path ({@link RequestPath#path()})
   * @param method    the upper-case method name
   * @return the best route, or null when none matches (the request answers 404)
   */
  public RouteMatch match(String authority, String path, String method) {
    String host = HostNames.normalize(authority);
    for (Route r : snapshot.routes().values()) {
      boolean hostOk = r.hosts().isEmpty() || r.hosts().contains(host);
      if (hostOk && path.startsWith(r.pathPrefix()) && (r.methods().isEmpty() || r.methods().contains(method))) {
        List<Target> targets = snapshot.upstreams().get(r.upstream()).targets();
        AtomicLong counter = new AtomicLong();
        TargetSelector selector = () -> targets.isEmpty() ? null
          : targets.get((int) (counter.getAndIncrement() % targets.size()));
        String forward = r.stripPrefix() ? path.substring(r.pathPrefix().length()) : path;
        return new RouteMatch(r, snapshot.upstreams().get(r.upstream()), selector,
          forward.startsWith("/") ? forward : "/" + forward);
      }
    }
    return null;
  }
}
