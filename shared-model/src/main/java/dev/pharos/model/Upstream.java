package dev.pharos.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A named group of targets that routes send traffic to. An upstream may have no targets; requests routed to it then
 * answer 503.
 */
public record Upstream(String id, List<Target> targets, LoadBalancing loadBalancing) {

  public Upstream {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(loadBalancing, "loadBalancing");
    if (!JsonFields.ID.matcher(id).matches()) {
      throw ValidationException.of("id", "'" + id + "' is not a valid id (expected: " + JsonFields.ID_RULE + ")");
    }
    targets = List.copyOf(targets);
    Set<String> addresses = new HashSet<>();
    for (int i = 0; i < targets.size(); i++) {
      if (!addresses.add(targets.get(i).address())) {
        throw ValidationException.of("targets[" + i + "]", "duplicate target " + targets.get(i).address());
      }
    }
  }

  public static Upstream of(String id, Target... targets) {
    return new Upstream(id, List.of(targets), LoadBalancing.ROUND_ROBIN);
  }

  public JsonObject toJson() {
    JsonArray targetsJson = new JsonArray();
    targets.forEach(t -> targetsJson.add(t.toJson()));
    return new JsonObject()
      .put("id", id)
      .put("targets", targetsJson)
      .put("loadBalancing", loadBalancing.jsonName());
  }

  /** The resource's entity tag, a hash of its JSON form. */
  public String etag() {
    return ETags.of(toJson());
  }

  /**
   * Parses and validates an upstream document.
   *
   * @throws ValidationException listing every problem found
   */
  public static Upstream fromJson(JsonObject json) {
    List<FieldError> errors = new ArrayList<>();
    Upstream upstream = fromJson(json, "", errors);
    JsonFields.throwIfAny(errors);
    return upstream;
  }

  static Upstream fromJson(Object json, String path, List<FieldError> errors) {
    JsonFields f = JsonFields.of(json, path, errors);
    if (f == null) {
      return null;
    }
    int before = errors.size();
    String id = f.id("id");
    List<Target> targets = new ArrayList<>();
    JsonArray targetsJson = f.array("targets");
    Set<String> addresses = new HashSet<>();
    if (targetsJson != null) {
      for (int i = 0; i < targetsJson.size(); i++) {
        String targetPath = f.path("targets") + "[" + i + "]";
        Target target = Target.fromJson(targetsJson.getValue(i), targetPath, errors);
        if (target != null) {
          if (!addresses.add(target.address())) {
            f.error(targetPath, "duplicate target " + target.address());
          }
          targets.add(target);
        }
      }
    }
    String lbName = f.string("loadBalancing", LoadBalancing.ROUND_ROBIN.jsonName());
    LoadBalancing lb = null;
    if (lbName != null) {
      lb = LoadBalancing.fromJsonName(lbName).orElse(null);
      if (lb == null) {
        f.error(f.path("loadBalancing"), "'" + lbName + "' (expected one of: " + LoadBalancing.allowed() + ")");
      }
    }
    f.rejectUnknown();
    return errors.size() == before ? new Upstream(id, targets, lb) : null;
  }
}
