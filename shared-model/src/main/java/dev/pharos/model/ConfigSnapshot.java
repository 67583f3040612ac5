package dev.pharos.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The whole route table at one version: every route and upstream. Immutable; a change makes a new snapshot with the
 * next version. Version 0 is the empty table nobody has written yet.
 *
 * <p>Invariant: every route names an upstream of the same snapshot.
 */
public final class ConfigSnapshot {

  public static final ConfigSnapshot EMPTY = new ConfigSnapshot(0, new TreeMap<>(), new TreeMap<>());

  private final long version;
  private final SortedMap<String, Route> routes;
  private final SortedMap<String, Upstream> upstreams;

  private ConfigSnapshot(long version, SortedMap<String, Route> routes, SortedMap<String, Upstream> upstreams) {
    this.version = version;
    this.routes = Collections.unmodifiableSortedMap(routes);
    this.upstreams = Collections.unmodifiableSortedMap(upstreams);
  }

  /**
   * @throws ValidationException if ids repeat
   * @throws ConfigRejection     if a route names a missing upstream
   */
  public static ConfigSnapshot of(long version, List<Route> routes, List<Upstream> upstreams) {
    if (version < 0) {
      throw new IllegalArgumentException("version: " + version + " (expected: >= 0)");
    }
    List<FieldError> errors = new ArrayList<>();
    SortedMap<String, Upstream> upstreamMap = new TreeMap<>();
    for (int i = 0; i < upstreams.size(); i++) {
      Upstream u = upstreams.get(i);
      if (upstreamMap.put(u.id(), u) != null) {
        errors.add(new FieldError("upstreams[" + i + "].id", "duplicate id '" + u.id() + "'"));
      }
    }
    SortedMap<String, Route> routeMap = new TreeMap<>();
    for (int i = 0; i < routes.size(); i++) {
      Route r = routes.get(i);
      if (routeMap.put(r.id(), r) != null) {
        errors.add(new FieldError("routes[" + i + "].id", "duplicate id '" + r.id() + "'"));
      }
    }
    JsonFields.throwIfAny(errors);
    for (int i = 0; i < routes.size(); i++) {
      Route r = routes.get(i);
      if (!upstreamMap.containsKey(r.upstream())) {
        errors.add(new FieldError("routes[" + i + "].upstream", missingUpstream(r.upstream())));
      }
    }
    if (!errors.isEmpty()) {
      throw ConfigRejection.conflict(errors);
    }
    return new ConfigSnapshot(version, routeMap, upstreamMap);
  }

  public long version() {
    return version;
  }

  public SortedMap<String, Route> routes() {
    return routes;
  }

  public SortedMap<String, Upstream> upstreams() {
    return upstreams;
  }

  public String etag() {
    return ETags.ofVersion(version);
  }

  /** Whether the resource a change writes exists in this snapshot (a put of it then replaces rather than creates). */
  public boolean containsTargetOf(ConfigChange change) {
    if (change instanceof ConfigChange.PutRoute p) {
      return routes.containsKey(p.route().id());
    } else if (change instanceof ConfigChange.DeleteRoute d) {
      return routes.containsKey(d.id());
    } else if (change instanceof ConfigChange.PutUpstream p) {
      return upstreams.containsKey(p.upstream().id());
    } else if (change instanceof ConfigChange.DeleteUpstream d) {
      return upstreams.containsKey(d.id());
    }
    return true;
  }

  /**
   * Applies one change and returns the snapshot at the next version.
   *
   * @throws ConfigRejection     if the precondition fails, the resource to delete is missing (404), a route would
   *                             name a missing upstream or an upstream still in use would be deleted (409)
   * @throws ValidationException if a replacement table repeats ids
   */
  public ConfigSnapshot apply(ConfigChange change, Precondition precondition) {
    long next = version + 1;
    if (change instanceof ConfigChange.PutRoute p) {
      Route route = p.route();
      Route current = routes.get(route.id());
      precondition.check("route '" + route.id() + "'", current == null ? null : current.etag());
      if (!upstreams.containsKey(route.upstream())) {
        throw ConfigRejection.conflict(List.of(new FieldError("upstream", missingUpstream(route.upstream()))));
      }
      SortedMap<String, Route> copy = new TreeMap<>(routes);
      copy.put(route.id(), route);
      return new ConfigSnapshot(next, copy, new TreeMap<>(upstreams));
    } else if (change instanceof ConfigChange.DeleteRoute d) {
      Route current = routes.get(d.id());
      if (current == null) {
        throw ConfigRejection.of(ConfigRejection.Reason.NOT_FOUND, "route '" + d.id() + "' does not exist");
      }
      precondition.check("route '" + d.id() + "'", current.etag());
      SortedMap<String, Route> copy = new TreeMap<>(routes);
      copy.remove(d.id());
      return new ConfigSnapshot(next, copy, new TreeMap<>(upstreams));
    } else if (change instanceof ConfigChange.PutUpstream p) {
      Upstream upstream = p.upstream();
      Upstream current = upstreams.get(upstream.id());
      precondition.check("upstream '" + upstream.id() + "'", current == null ? null : current.etag());
      SortedMap<String, Upstream> copy = new TreeMap<>(upstreams);
      copy.put(upstream.id(), upstream);
      return new ConfigSnapshot(next, new TreeMap<>(routes), copy);
    } else if (change instanceof ConfigChange.DeleteUpstream d) {
      Upstream current = upstreams.get(d.id());
      if (current == null) {
        throw ConfigRejection.of(ConfigRejection.Reason.NOT_FOUND, "upstream '" + d.id() + "' does not exist");
      }
      precondition.check("upstream '" + d.id() + "'", current.etag());
      List<String> users = routes.values().stream().filter(r -> r.upstream().equals(d.id())).map(Route::id).toList();
      if (!users.isEmpty()) {
        throw ConfigRejection.conflict(List.of(new FieldError("id",
          "upstream '" + d.id() + "' is used by route" + (users.size() > 1 ? "s " : " ") + quoted(users))));
      }
      SortedMap<String, Upstream> copy = new TreeMap<>(upstreams);
      copy.remove(d.id());
      return new ConfigSnapshot(next, new TreeMap<>(routes), copy);
    }
    ConfigChange.ReplaceAll all = (ConfigChange.ReplaceAll) change;
    precondition.check("config", etag());
    return of(next, all.routes(), all.upstreams());
  }

  /** The snapshot as exported by {@code GET /api/v1/config} and written to each node's data directory. */
  public JsonObject toJson() {
    JsonArray routesJson = new JsonArray();
    routes.values().forEach(r -> routesJson.add(r.toJson()));
    JsonArray upstreamsJson = new JsonArray();
    upstreams.values().forEach(u -> upstreamsJson.add(u.toJson()));
    return new JsonObject().put("version", version).put("upstreams", upstreamsJson).put("routes", routesJson);
  }

  /**
   * Reads a stored snapshot, keeping its version.
   *
   * @throws ValidationException or {@link ConfigRejection} if the document is not a valid table
   */
  public static ConfigSnapshot fromJson(JsonObject json) {
    ConfigChange.ReplaceAll table = parseTable(json);
    Object version = json.getValue("version");
    if (!(version instanceof Number n) || n.longValue() < 0) {
      throw ValidationException.of("version", version + " (expected: an integer >= 0)");
    }
    return of(n.longValue(), table.routes(), table.upstreams());
  }

  /**
   * Reads a config document given to {@code PUT /api/v1/config} or as initial config: {@code routes} and
   * {@code upstreams} arrays. A {@code version} field, as exported by {@code GET}, is accepted and ignored: the store
   * assigns versions.
   *
   * @throws ValidationException listing every problem found
   */
  public static ConfigChange.ReplaceAll parseTable(JsonObject json) {
    List<FieldError> errors = new ArrayList<>();
    JsonFields f = new JsonFields(json, "", errors);
    f.ignore("version");
    List<Upstream> upstreams = new ArrayList<>();
    JsonArray upstreamsJson = f.array("upstreams");
    if (upstreamsJson != null) {
      for (int i = 0; i < upstreamsJson.size(); i++) {
        Upstream u = Upstream.fromJson(upstreamsJson.getValue(i), "upstreams[" + i + "]", errors);
        if (u != null) {
          upstreams.add(u);
        }
      }
    }
    List<Route> routes = new ArrayList<>();
    JsonArray routesJson = f.array("routes");
    if (routesJson != null) {
      for (int i = 0; i < routesJson.size(); i++) {
        Route r = Route.fromJson(routesJson.getValue(i), "routes[" + i + "]", errors);
        if (r != null) {
          routes.add(r);
        }
      }
    }
    f.rejectUnknown();
    JsonFields.throwIfAny(errors);
    return new ConfigChange.ReplaceAll(routes, upstreams);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConfigSnapshot s && s.version == version && s.routes.equals(routes)
      && s.upstreams.equals(upstreams);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(version) * 31 + routes.hashCode();
  }

  @Override
  public String toString() {
    return "ConfigSnapshot{version=" + version + ", routes=" + routes.size() + ", upstreams=" + upstreams.size() + '}';
  }

  private static String missingUpstream(String id) {
    return "upstream '" + id + "' does not exist";
  }

  private static String quoted(List<String> ids) {
    return ids.stream().map(id -> "'" + id + "'").reduce((a, b) -> a + ", " + b).orElse("");
  }
}
