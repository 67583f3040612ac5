package dev.pharos.edge.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The routes of one host pattern (an exact name, a wildcard, or any host), indexed by path prefix. */
final class HostRoutes {

  private final PrefixIndex<MethodRoutes> prefixes;

  private HostRoutes(PrefixIndex<MethodRoutes> prefixes) {
    this.prefixes = prefixes;
  }

  /**
   * The route for the longest prefix that matches the path at a segment boundary, falling through to shorter
   * prefixes when it has none for the method ({@link MethodRoutes}), or null.
   *
   * <p>The candidates are the path's own leading parts that end at a segment boundary: for {@code /api/users} they
   * are {@code /}, {@code /api}, {@code /api/} and {@code /api/users}. They are probed shortest first, in the same
   * pass that hashes them, and the last hit is the longest; the cost grows with the number of segments, not of
   * routes.
   */
  CompiledRoute select(String path, String method) {
    MethodRoutes longest = null;
    int length = path.length();
    int maxKeyLength = prefixes.maxKeyLength();
    int hash = 0;
    for (int i = 0; i < length && i <= maxKeyLength; i++) {
      char c = path.charAt(i);
      if (c == '/' && i > 0) {
        longest = probe(path, i, hash, longest);
      }
      hash = 31 * hash + c;
      if (c == '/') {
        longest = probe(path, i + 1, hash, longest);
      }
    }
    if (length > 0 && length <= maxKeyLength && path.charAt(length - 1) != '/') {
      longest = probe(path, length, hash, longest);
    }
    return longest == null ? null : longest.select(method);
  }

  private MethodRoutes probe(String path, int length, int hash, MethodRoutes shorter) {
    MethodRoutes routes = prefixes.get(path, length, hash);
    return routes != null ? routes : shorter;
  }

  static final class Builder {

    private final Map<String, List<CompiledRoute>> byPrefix = new HashMap<>();

    /** Routes added earlier take precedence over later ones with the same prefix and method. */
    void add(CompiledRoute route) {
      byPrefix.computeIfAbsent(route.prefix(), p -> new ArrayList<>()).add(route);
    }

    HostRoutes build() {
      List<String> shortestFirst = new ArrayList<>(byPrefix.keySet());
      shortestFirst.sort(Comparator.comparingInt(String::length));
      Map<String, MethodRoutes> index = new HashMap<>();
      for (String prefix : shortestFirst) {
        index.put(prefix, new MethodRoutes(byPrefix.get(prefix), longestShorter(prefix, index)));
      }
      return new HostRoutes(new PrefixIndex<>(index));
    }

    /** The entry of the longest prefix shorter than {@code prefix} that matches it at a segment boundary. */
    private static MethodRoutes longestShorter(String prefix, Map<String, MethodRoutes> index) {
      for (int i = prefix.length() - 1; i >= 0; i--) {
        if (prefix.charAt(i) != '/') {
          continue;
        }
        MethodRoutes routes = i + 1 < prefix.length() ? index.get(prefix.substring(0, i + 1)) : null;
        if (routes == null && i > 0) {
          routes = index.get(prefix.substring(0, i));
        }
        if (routes != null) {
          return routes;
        }
      }
      return null;
    }
  }
}
