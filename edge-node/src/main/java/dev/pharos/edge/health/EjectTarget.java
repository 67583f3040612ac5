package dev.pharos.edge.health;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import dev.pharos.model.OutlierDetection;
import dev.pharos.model.TargetEjection;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Ejects a target in the health map, run by the member that owns the ejection's entry, so that nodes ejecting the same
 * target at once make one ejection: a target already ejected keeps its ejection, and the processor returns null.
 * Otherwise it stores and returns the next ejection's JSON; the entry lives until the longest ejection after its end,
 * so that a target ejected again soon after gets a longer back-off. The time is the ejecting node's, so the backup
 * computes the same entry.
 */
final class EjectTarget implements EntryProcessor<String, String, String> {

  private static final long serialVersionUID = 1L;

  private final String address;
  private final String reason;
  private final String node;
  private final long now;
  private final int consecutiveFailures;
  private final int consecutive5xx;
  private final int baseEjectionMs;
  private final int maxEjectionMs;

  EjectTarget(String address, String reason, String node, long now, OutlierDetection settings) {
    this.address = address;
    this.reason = reason;
    this.node = node;
    this.now = now;
    this.consecutiveFailures = settings.consecutiveFailures();
    this.consecutive5xx = settings.consecutive5xx();
    this.baseEjectionMs = settings.baseEjectionMs();
    this.maxEjectionMs = settings.maxEjectionMs();
  }

  @Override
  public String process(Map.Entry<String, String> entry) {
    TargetEjection previous = entry.getValue() == null ? null : TargetEjection.fromJson(new JsonObject(entry.getValue()));
    if (previous != null && previous.isActive(now)) {
      return null;
    }
    OutlierDetection settings = new OutlierDetection(consecutiveFailures, consecutive5xx, baseEjectionMs,
      maxEjectionMs);
    TargetEjection next = TargetEjection.next(previous, address, now, reason, node, settings);
    String json = next.toJson().encode();
    ((ExtendedMapEntry<String, String>) entry).setValue(json, next.until() - now + maxEjectionMs,
      TimeUnit.MILLISECONDS);
    return json;
  }
}
