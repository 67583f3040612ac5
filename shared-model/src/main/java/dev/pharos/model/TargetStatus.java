package dev.pharos.model;

import io.vertx.core.json.JsonObject;

/**
 * The health of one target address as its prober last published it in {@link ClusterNames#HEALTH_MAP}.
 *
 * @param address    {@code host:port}, the map's key
 * @param healthy    whether nodes send it traffic
 * @param since      epoch milliseconds of the last change of {@code healthy}, or of the first probe
 * @param probedAt   epoch milliseconds of the last probe
 * @param lastResult what the last probe found: {@code 200}, {@code timeout after 300 ms}, {@code Connection refused}
 * @param prober     node name of the member that probes the target
 * @param reason     why the target is unhealthy, or null when it is healthy
 */
public record TargetStatus(String address, boolean healthy, long since, long probedAt, String lastResult,
                           String prober, String reason) {

  public JsonObject toJson() {
    return new JsonObject()
      .put("address", address)
      .put("healthy", healthy)
      .put("since", since)
      .put("probedAt", probedAt)
      .put("lastResult", lastResult)
      .put("prober", prober)
      .put("reason", reason);
  }

  public static TargetStatus fromJson(JsonObject json) {
    return new TargetStatus(json.getString("address"), json.getBoolean("healthy", true), json.getLong("since", 0L),
      json.getLong("probedAt", 0L), json.getString("lastResult"), json.getString("prober"), json.getString("reason"));
  }
}
