package dev.pharos.model;

import io.vertx.core.json.JsonObject;

/**
 * A target that passive health took out of service on every node, as kept in {@link ClusterNames#HEALTH_MAP} under
 * {@link ClusterNames#ejectionKey(String)}. The entry outlives the ejection by the upstream's longest ejection, so
 * that an ejection soon after the last one can be made longer.
 *
 * @param address   {@code host:port}
 * @param count     ejections in a row, 1 for the first; each doubles the back-off
 * @param ejectedAt epoch milliseconds of this ejection
 * @param until     epoch milliseconds when the target gets traffic again
 * @param reason    what the node saw: {@code 5 consecutive failures, last: Connection refused}
 * @param node      name of the node that ejected it
 */
public record TargetEjection(String address, int count, long ejectedAt, long until, String reason, String node) {

  /**
   * The ejection that follows {@code previous} (null when there was none, or its entry has expired) at {@code now}.
   */
  public static TargetEjection next(TargetEjection previous, String address, long now, String reason, String node,
                                    OutlierDetection settings) {
    boolean recent = previous != null && now - previous.until <= settings.maxEjectionMs();
    int count = recent ? previous.count + 1 : 1;
    return new TargetEjection(address, count, now, now + settings.ejectionMs(count), reason, node);
  }

  /** Whether the target is out of service at {@code now} (epoch milliseconds). */
  public boolean isActive(long now) {
    return now < until;
  }

  public JsonObject toJson() {
    return new JsonObject()
      .put("address", address)
      .put("count", count)
      .put("ejectedAt", ejectedAt)
      .put("until", until)
      .put("reason", reason)
      .put("node", node);
  }

  public static TargetEjection fromJson(JsonObject json) {
    return new TargetEjection(json.getString("address"), json.getInteger("count", 1), json.getLong("ejectedAt", 0L),
      json.getLong("until", 0L), json.getString("reason"), json.getString("node"));
  }
}
