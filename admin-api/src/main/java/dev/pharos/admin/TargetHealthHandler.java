package dev.pharos.admin;

import dev.pharos.model.HealthCheck;
import dev.pharos.model.Target;
import dev.pharos.model.TargetStatus;
import dev.pharos.model.Upstream;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;

/**
 * How this node enforces rate limits, and every upstream's targets with the health the cluster's probers last published, and whether the upstream is in panic
 * (so many targets unhealthy that every one gets traffic), by the same rule the node's selectors follow.
 */
final class TargetHealthHandler {

  private final ConfigStore store;
  private final HealthView health;

  TargetHealthHandler(ConfigStore store, HealthView health) {
    this.store = store;
    this.health = health;
  }

  Future<JsonObject> upstreams(RoutingContext ctx) {
    return store.snapshot().map(snapshot -> {
      Map<String, TargetStatus> statuses = health.targets();
      JsonArray upstreams = new JsonArray();
      snapshot.upstreams().values().forEach(upstream -> upstreams.add(upstream(upstream, statuses)));
      return new JsonObject().put("version", snapshot.version()).put("upstreams", upstreams)
        .put("rateLimits", health.rateLimits().toJson());
    });
  }

  private static JsonObject upstream(Upstream upstream, Map<String, TargetStatus> statuses) {
    JsonArray targets = new JsonArray();
    int serving = 0;
    int unhealthy = 0;
    for (Target target : upstream.targets()) {
      TargetStatus status = statuses.get(target.address());
      targets.add(target(target, status));
      if (target.weight() > 0) {
        serving++;
        if (status != null && !status.healthy()) {
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

  private static JsonObject target(Target target, TargetStatus status) {
    JsonObject json = new JsonObject().put("address", target.address()).put("weight", target.weight());
    if (status == null) {
      return json.put("state", "unknown").put("since", null).put("probedAt", null).put("lastResult", null)
        .put("prober", null).put("reason", null);
    }
    return json.put("state", status.healthy() ? "healthy" : "unhealthy")
      .put("since", status.since())
      .put("probedAt", status.probedAt())
      .put("lastResult", status.lastResult())
      .put("prober", status.prober())
      .put("reason", status.reason());
  }
}
