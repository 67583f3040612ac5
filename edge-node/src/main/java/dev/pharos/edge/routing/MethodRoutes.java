package dev.pharos.edge.routing;

import dev.pharos.model.Route;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The answer, for each method, when a given prefix is the longest one of a host pattern that matches the path.
 *
 * <p>In order of precedence: the routes with that prefix that list the method, those that list no method, then the
 * same for the next shorter prefix that matches it, and so on. Every path this prefix matches is matched by the same
 * shorter prefixes, so the whole fall-through is resolved at compile time.
 */
final class MethodRoutes {

  private static final Map<String, Integer> METHOD_INDEX = new HashMap<>();

  static {
    for (String method : new TreeSet<>(Route.METHODS)) {
      METHOD_INDEX.put(method, METHOD_INDEX.size());
    }
  }

  private final CompiledRoute[] byMethod = new CompiledRoute[METHOD_INDEX.size()];
  // For methods routes cannot list, such as PROPFIND: only routes that accept any method match them.
  private final CompiledRoute otherMethods;

  /**
   * @param routes  the routes with this prefix, in order of precedence (route id order)
   * @param shorter the answers for the next shorter prefix that matches this one, or null
   */
  MethodRoutes(List<CompiledRoute> routes, MethodRoutes shorter) {
    CompiledRoute anyMethod = null;
    for (CompiledRoute route : routes) {
      List<String> methods = route.route().methods();
      if (methods.isEmpty() && anyMethod == null) {
        anyMethod = route;
      }
      for (String method : methods) {
        int i = METHOD_INDEX.get(method);
        byMethod[i] = byMethod[i] == null ? route : byMethod[i];
      }
    }
    for (int i = 0; i < byMethod.length; i++) {
      if (byMethod[i] == null) {
        byMethod[i] = anyMethod != null || shorter == null ? anyMethod : shorter.byMethod[i];
      }
    }
    otherMethods = anyMethod != null || shorter == null ? anyMethod : shorter.otherMethods;
  }

  /** The route for the method, or null. */
  CompiledRoute select(String method) {
    Integer i = METHOD_INDEX.get(method);
    return i == null ? otherMethods : byMethod[i];
  }
}
