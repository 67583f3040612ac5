package dev.pharos.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One committed change to the config. Changes travel in {@link ConfigEvent}s so that a node holding the previous
 * version can apply the next one without fetching the whole snapshot.
 */
public sealed interface ConfigChange {

  /** Creates or replaces a route. */
  record PutRoute(Route route) implements ConfigChange {
    public PutRoute {
      Objects.requireNonNull(route);
    }
  }

  record DeleteRoute(String id) implements ConfigChange {
    public DeleteRoute {
      Objects.requireNonNull(id);
    }
  }

  /** Creates or replaces an upstream. */
  record PutUpstream(Upstream upstream) implements ConfigChange {
    public PutUpstream {
      Objects.requireNonNull(upstream);
    }
  }

  record DeleteUpstream(String id) implements ConfigChange {
    public DeleteUpstream {
      Objects.requireNonNull(id);
    }
  }

  /** Replaces every route and upstream in one step (declarative config). */
  record ReplaceAll(List<Route> routes, List<Upstream> upstreams) implements ConfigChange {
    public ReplaceAll {
      routes = List.copyOf(routes);
      upstreams = List.copyOf(upstreams);
    }
  }

  /** The resource kind and id this change writes, for messages and logs ({@code route api}). */
  default String describe() {
    if (this instanceof PutRoute p) {
      return "put route " + p.route().id();
    } else if (this instanceof DeleteRoute d) {
      return "delete route " + d.id();
    } else if (this instanceof PutUpstream p) {
      return "put upstream " + p.upstream().id();
    } else if (this instanceof DeleteUpstream d) {
      return "delete upstream " + d.id();
    }
    ReplaceAll all = (ReplaceAll) this;
    return "replace all (" + all.routes().size() + " routes, " + all.upstreams().size() + " upstreams)";
  }

  default JsonObject toJson() {
    if (this instanceof PutRoute p) {
      return new JsonObject().put("op", "put-route").put("route", p.route().toJson());
    } else if (this instanceof DeleteRoute d) {
      return new JsonObject().put("op", "delete-route").put("id", d.id());
    } else if (this instanceof PutUpstream p) {
      return new JsonObject().put("op", "put-upstream").put("upstream", p.upstream().toJson());
    } else if (this instanceof DeleteUpstream d) {
      return new JsonObject().put("op", "delete-upstream").put("id", d.id());
    }
    ReplaceAll all = (ReplaceAll) this;
    JsonArray routes = new JsonArray();
    all.routes().forEach(r -> routes.add(r.toJson()));
    JsonArray upstreams = new JsonArray();
    all.upstreams().forEach(u -> upstreams.add(u.toJson()));
    return new JsonObject().put("op", "replace-all").put("routes", routes).put("upstreams", upstreams);
  }

  static ConfigChange fromJson(JsonObject json) {
    String op = json.getString("op");
    switch (op) {
      case "put-route":
        return new PutRoute(Route.fromJson(json.getJsonObject("route")));
      case "delete-route":
        return new DeleteRoute(json.getString("id"));
      case "put-upstream":
        return new PutUpstream(Upstream.fromJson(json.getJsonObject("upstream")));
      case "delete-upstream":
        return new DeleteUpstream(json.getString("id"));
      case "replace-all":
        List<Route> routes = new ArrayList<>();
        json.getJsonArray("routes").forEach(r -> routes.add(Route.fromJson((JsonObject) r)));
        List<Upstream> upstreams = new ArrayList<>();
        json.getJsonArray("upstreams").forEach(u -> upstreams.add(Upstream.fromJson((JsonObject) u)));
        return new ReplaceAll(routes, upstreams);
      default:
        throw new IllegalArgumentException("unknown config change op '" + op + "'");
    }
  }
}
