package dev.pharos.edge.routing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The routes of one host pattern (an exact name, a wildcard, or any host), indexed by path prefix. */
final class HostRoutes {

  private final PrefixIndex<MethodRoutes> prefixes;

  private HostRoutes(PrefixIndex<MethodRoutes> prefixes) {
    this.prefixes = prefixes;
  }

  /**
   * The route of the longest prefix that matches the path at a segment boundary and has a route for the method, or
   * null.
   *
   * <p>The candidates are the path's own leading parts that end at a segment boundary: for {@code /api/users} they
   * are {@code /}, {@code /api}, {@code /api/} and {@code /api/users}. They are probed shortest first, in the same
   * pass that hashes them, and a longer hit replaces a shorter one; the cost grows with the number of segments, not
   * of routes.
   */
  CompiledRoute select(String path, String method) {
    CompiledRoute best = null;
    int length = path.length();
    int maxKeyLength = prefixes.maxKeyLength();
    int hash = 0;
    for (int i = 0; i < length && i <= maxKeyLength; i++) {
      char c = path.charAt(i);
      if (c == '/' && i > 0) {
        best = probe(path, i, hash, method, best);
      }
      hash = 31 * hash + c;
      if (c == '/') {
        best = probe(path, i + 1, hash, method, best);
      }
    }
    if (length > 0 && length <= maxKeyLength && path.charAt(length - 1) != '/') {
      best = probe(path, length, hash, method, best);
    }
    return best;
  }

  private CompiledRoute probe(String path, int length, int hash, String method, CompiledRoute shorter) {
    MethodRoutes routes = prefixes.get(path, length, hash);
    CompiledRoute route = routes == null ? null : routes.select(method);
    return route != null ? route : shorter;
  }

  static final class Builder {

    private final Map<String, List<CompiledRoute>> byPrefix = new LinkedHashMap<>();

    /** Routes added earlier take precedence over later ones with the same prefix and method. */
    void add(CompiledRoute route) {
      byPrefix.computeIfAbsent(route.prefix(), p -> new ArrayList<>()).add(route);
    }

    HostRoutes build() {
      Map<String, MethodRoutes> index = new HashMap<>();
      byPrefix.forEach((prefix, routes) -> index.put(prefix, new MethodRoutes(routes)));
      return new HostRoutes(new PrefixIndex<>(index));
    }
  }
}
