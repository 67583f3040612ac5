package dev.pharos.edge.store;

import dev.pharos.model.ConfigSnapshot;
import io.vertx.core.json.JsonObject;

/**
 * The config map's value: the snapshot, and whether it was seeded at start-up rather than written through the admin
 * API. While the cluster's table is still a seed, a member that joins with a higher version on its disk replaces it
 * ("the highest version on any member's disk wins"); once an operator has written, the cluster's table is the truth
 * and older disks no longer compete with it.
 */
public record StoredConfig(ConfigSnapshot snapshot, boolean seeded) {

  String encode() {
    return new JsonObject().put("seeded", seeded).put("config", snapshot.toJson()).encode();
  }

  static StoredConfig decode(String json) {
    JsonObject o = new JsonObject(json);
    return new StoredConfig(ConfigSnapshot.fromJson(o.getJsonObject("config")), o.getBoolean("seeded", false));
  }
}
