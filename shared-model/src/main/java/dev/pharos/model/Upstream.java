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
 *
 * @param hashOn        what {@link LoadBalancing#CONSISTENT_HASH} hashes; required with it, null with any other policy
 * @param stickySession pins clients to the target first chosen for them; null when off
 * @param healthCheck    how the cluster probes the targets; null when they are not probed
 * @param circuitBreaker limits on the requests each node sends to one target; null when unlimited
 * @param outlierDetection when the nodes eject a target for the failures they see on traffic; null when they do not
 * @param protocol       what the edge speaks to the targets; {@link UpstreamProtocol#HTTP_1_1} when absent
 */
public record Upstream(String id, List<Target> targets, LoadBalancing loadBalancing, HashOn hashOn,
                       StickySession stickySession, HealthCheck healthCheck, CircuitBreaker circuitBreaker,
                       OutlierDetection outlierDetection, UpstreamProtocol protocol) {

  public Upstream {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(loadBalancing, "loadBalancing");
    if (!JsonFields.ID.matcher(id).matches()) {
      throw ValidationException.of("id", "'" + id + "' is not a valid id (expected: " + JsonFields.ID_RULE + ")");
    }
    String hashOnError = hashOnError(loadBalancing, hashOn != null);
    if (hashOnError != null) {
      throw ValidationException.of("hashOn", hashOnError);
    }
    targets = List.copyOf(targets);
    Set<String> addresses = new HashSet<>();
    for (int i = 0; i < targets.size(); i++) {
      if (!addresses.add(targets.get(i).address())) {
        throw ValidationException.of("targets[" + i + "]", "duplicate target " + targets.get(i).address());
      }
    }
  }

  /** An HTTP/1.1 upstream without a circuit breaker nor outlier detection. */
  public Upstream(String id, List<Target> targets, LoadBalancing loadBalancing, HashOn hashOn,
                  StickySession stickySession, HealthCheck healthCheck) {
    this(id, targets, loadBalancing, hashOn, stickySession, healthCheck, null, null, UpstreamProtocol.HTTP_1_1);
  }

  /** An HTTP/1.1 upstream without outlier detection. */
  public Upstream(String id, List<Target> targets, LoadBalancing loadBalancing, HashOn hashOn,
                  StickySession stickySession, HealthCheck healthCheck, CircuitBreaker circuitBreaker) {
    this(id, targets, loadBalancing, hashOn, stickySession, healthCheck, circuitBreaker, null,
      UpstreamProtocol.HTTP_1_1);
  }

  /** A round-robin upstream without sticky sessions. */
  public static Upstream of(String id, Target... targets) {
    return new Upstream(id, List.of(targets), LoadBalancing.ROUND_ROBIN, null, null, null, null, null,
      UpstreamProtocol.HTTP_1_1);
  }

  /** @param hashOn required for {@link LoadBalancing#CONSISTENT_HASH}, null for the other policies */
  public Upstream withLoadBalancing(LoadBalancing loadBalancing, HashOn hashOn) {
    return new Upstream(id, targets, loadBalancing, hashOn, stickySession, healthCheck, circuitBreaker,
      outlierDetection, protocol);
  }

  public Upstream withStickySession(StickySession stickySession) {
    return new Upstream(id, targets, loadBalancing, hashOn, stickySession, healthCheck, circuitBreaker,
      outlierDetection, protocol);
  }

  public Upstream withHealthCheck(HealthCheck healthCheck) {
    return new Upstream(id, targets, loadBalancing, hashOn, stickySession, healthCheck, circuitBreaker,
      outlierDetection, protocol);
  }

  public Upstream withCircuitBreaker(CircuitBreaker circuitBreaker) {
    return new Upstream(id, targets, loadBalancing, hashOn, stickySession, healthCheck, circuitBreaker,
      outlierDetection, protocol);
  }

  public Upstream withOutlierDetection(OutlierDetection outlierDetection) {
    return new Upstream(id, targets, loadBalancing, hashOn, stickySession, healthCheck, circuitBreaker,
      outlierDetection, protocol);
  }

  public Upstream withProtocol(UpstreamProtocol protocol) {
    return new Upstream(id, targets, loadBalancing, hashOn, stickySession, healthCheck, circuitBreaker,
      outlierDetection, protocol);
  }

  /** Optional fields are left out when unset, so an upstream that does not use them keeps its entity tag. */
  public JsonObject toJson() {
    JsonArray targetsJson = new JsonArray();
    targets.forEach(t -> targetsJson.add(t.toJson()));
    JsonObject json = new JsonObject()
      .put("id", id)
      .put("targets", targetsJson)
      .put("loadBalancing", loadBalancing.jsonName());
    if (hashOn != null) {
      json.put("hashOn", hashOn.jsonName());
    }
    if (stickySession != null) {
      json.put("stickySession", stickySession.toJson());
    }
    if (healthCheck != null) {
      json.put("healthCheck", healthCheck.toJson());
    }
    if (circuitBreaker != null) {
      json.put("circuitBreaker", circuitBreaker.toJson());
    }
    if (outlierDetection != null) {
      json.put("outlierDetection", outlierDetection.toJson());
    }
    if (protocol != UpstreamProtocol.HTTP_1_1) {
      json.put("protocol", protocol.jsonName());
    }
    return json;
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
    return JsonFields.readDocument(json, Upstream::fromJson);
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
    HashOn hashOn = hashOn(f, lb);
    StickySession sticky = f.object("stickySession", StickySession::fromJson);
    HealthCheck healthCheck = f.object("healthCheck", HealthCheck::fromJson);
    CircuitBreaker breaker = f.object("circuitBreaker", CircuitBreaker::fromJson);
    OutlierDetection outliers = f.object("outlierDetection", OutlierDetection::fromJson);
    UpstreamProtocol protocol = protocol(f);
    f.rejectUnknown();
    return errors.size() == before
      ? new Upstream(id, targets, lb, hashOn, sticky, healthCheck, breaker, outliers, protocol) : null;
  }

  private static UpstreamProtocol protocol(JsonFields f) {
    String name = f.string("protocol", UpstreamProtocol.HTTP_1_1.jsonName());
    if (name == null) {
      return null;
    }
    UpstreamProtocol protocol = UpstreamProtocol.fromJsonName(name).orElse(null);
    if (protocol == null) {
      f.error(f.path("protocol"), "'" + name + "' (expected one of: " + UpstreamProtocol.allowed() + ")");
    }
    return protocol;
  }

  private static HashOn hashOn(JsonFields f, LoadBalancing lb) {
    String text = f.string("hashOn", null);
    HashOn hashOn = text == null ? null : HashOn.parse(text);
    if (text != null && hashOn == null) {
      f.error(f.path("hashOn"), "'" + text + "' (expected: " + HashOn.RULE + ")");
    } else if (lb != null && (text != null || !f.has("hashOn"))) {
      String error = hashOnError(lb, hashOn != null);
      if (error != null) {
        f.error(f.path("hashOn"), error);
      }
    }
    return hashOn;
  }

  private static String hashOnError(LoadBalancing lb, boolean present) {
    boolean hashing = lb == LoadBalancing.CONSISTENT_HASH;
    if (hashing && !present) {
      return "required with loadBalancing " + lb.jsonName() + " (expected: " + HashOn.RULE + ")";
    }
    if (!hashing && present) {
      return "only allowed with loadBalancing " + LoadBalancing.CONSISTENT_HASH.jsonName() + ", not " + lb.jsonName();
    }
    return null;
  }
}
