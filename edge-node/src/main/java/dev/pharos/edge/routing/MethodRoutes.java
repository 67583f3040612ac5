package dev.pharos.edge.routing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The routes that share a host pattern and a path prefix, resolved per method: a route listing the method beats a
 * route with no methods, and among equals the first given wins.
 */
final class MethodRoutes {

  private final Map<String, CompiledRoute> byMethod;
  private final CompiledRoute anyMethod;

  /** @param routes in order of precedence (route id order) */
  MethodRoutes(List<CompiledRoute> routes) {
    // Never modified once built. Not Map.copyOf, whose class depends on the size: lookups would then switch
    // between implementations as tables are recompiled.
    Map<String, CompiledRoute> byMethod = new HashMap<>();
    CompiledRoute anyMethod = null;
    for (CompiledRoute route : routes) {
      List<String> methods = route.route().methods();
      if (methods.isEmpty()) {
        anyMethod = anyMethod == null ? route : anyMethod;
      }
      for (String method : methods) {
        byMethod.putIfAbsent(method, route);
      }
    }
    this.byMethod = byMethod;
    this.anyMethod = anyMethod;
  }

  /** The route for the method, or null. */
  CompiledRoute select(String method) {
    CompiledRoute route = byMethod.get(method);
    return route != null ? route : anyMethod;
  }
}
