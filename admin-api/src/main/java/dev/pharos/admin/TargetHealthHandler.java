package dev.pharos.admin;

import dev.pharos.model.HealthCheck;
import dev.pharos.model.Target;
import dev.pharos.model.TargetEjection;
import dev.pharos.model.TargetStatus;
import dev.pharos.model.Upstream;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * How this node enforces rate limits, and every upstream's targets with the health the cluster's probers last
 * published and the ejection passive health made last, and whether the upstream is in panic (so many targets unhealthy
 * or ejected that every one gets traffic), by the same rule the node's selectors follow. A target whose probes fail is
 * {@code unhealthy}, whether ejected or not; one whose probes pass (or that is not probed) is {@code ejected} until its
 * ejection ends.
 */
final class TargetHealthHandler {

  private final ConfigStore store;
  private final HealthView health;

  TargetHealthHandler(ConfigStore store, HealthView health) {
    this.store = store;
    this.health = health;
  }

  Future<JsonObject> upstreams() {
    return store.snapshot().map(snapshot -> {
      Map<String, TargetStatus> statuses = health.targets();
      Map<String, TargetEjection> ejections = health.ejections();
      long now = System.currentTimeMillis();
      JsonArray upstreams = new JsonArray();
      snapshot.upstreams().values().forEach(upstream -> upstreams.add(upstream(upstream, statuses, ejections, now)));
      return new JsonObject().put("version", snapshot.version()).put("upstreams", upstreams)
        .put("rateLimits", health.rateLimits().toJson());
    });
  }

  private static JsonObject upstream(Upstream upstream, Map<String, TargetStatus> statuses,
                                     Map<String, TargetEjection> ejections, long now) {
    JsonArray targets = new JsonArray();
    int serving = 0;
    int unhealthy = 0;
    for (Target target : upstream.targets()) {
      TargetStatus status = statuses.get(target.address());
      TargetEjection ejection = ejections.get(target.address());
      JsonObject json = target(target, status, ejection, now);
      targets.add(json);
      if (target.weight() > 0) {
        serving++;
        if (!json.getString("state").equals("healthy") && !json.getString("state").equals("unknown")) {
          unhealthy++;
        }
      }
    }
    int threshold = upstream.healthCheck() == null ? HealthCheck.DEFAULT_PANIC_THRESHOLD_PERCENT
      : upstream.healthCheck().panicThresholdPercent();
    return new JsonObject()
      .put("id", upstream.id())
      .put("healthChecked", upstream.healthCheck() != null)
      .put("panic", HealthCheck.isPanic(unhealthy, serving, threshold))
      .put("targets", targets);
  }

  private static JsonObject target(Target target, TargetStatus status, TargetEjection ejection, long now) {
    JsonObject json = new JsonObject().put("address", target.address()).put("weight", target.weight());
    if (status == null) {
      json.put("state", "unknown").put("since", null).put("probedAt", null).put("lastResult", null)
        .put("prober", null).put("reason", null);
    } else {
      json.put("state", status.healthy() ? "healthy" : "unhealthy")
        .put("since", status.since())
        .put("probedAt", status.probedAt())
        .put("lastResult", status.lastResult())
        .put("prober", status.prober())
        .put("reason", status.reason());
    }
    boolean ejected = ejection != null && ejection.isActive(now);
    if (ejected && (status == null || status.healthy())) {
      json.put("state", "ejected").put("since", ejection.ejectedAt()).put("reason", ejection.reason());
    }
    return json.put("ejection", ejection == null ? null : new JsonObject()
      .put("active", ejected)
      .put("count", ejection.count())
      .put("ejectedAt", ejection.ejectedAt())
      .put("until", ejection.until())
      .put("reason", ejection.reason())
      .put("node", ejection.node()));
  }
}
