package dev.pharos.model;

import io.vertx.core.json.JsonObject;

/**
 * What one cluster member reports about itself in {@link ClusterNames#MEMBERS_MAP}.
 *
 * @param memberId       the Hazelcast member UUID
 * @param nodeName       {@code PHAROS_NODE_NAME}
 * @param address        the member's cluster address, {@code host:port}
 * @param appliedVersion the config version its route table is built from
 * @param ready          whether it answers {@code /readyz} with 200
 * @param updatedAt      epoch milliseconds of this report
 * @param requestRate    requests per second the member answered on its public port, averaged since its previous
 *                       report (0 in a member's first report)
 */
public record MemberStatus(String memberId, String nodeName, String address, long appliedVersion, boolean ready,
                           long updatedAt, double requestRate) {

  /** A report without a request rate, as a member makes before it has measured one. */
  public MemberStatus(String memberId, String nodeName, String address, long appliedVersion, boolean ready,
                      long updatedAt) {
    this(memberId, nodeName, address, appliedVersion, ready, updatedAt, 0);
  }

  public JsonObject toJson() {
    return new JsonObject()
      .put("memberId", memberId)
      .put("nodeName", nodeName)
      .put("address", address)
      .put("appliedVersion", appliedVersion)
      .put("ready", ready)
      .put("updatedAt", updatedAt)
      .put("requestRate", requestRate);
  }

  public static MemberStatus fromJson(JsonObject json) {
    return new MemberStatus(json.getString("memberId"), json.getString("nodeName"), json.getString("address"),
      json.getLong("appliedVersion", 0L), json.getBoolean("ready", false), json.getLong("updatedAt", 0L),
      json.getDouble("requestRate", 0.0));
  }
}
