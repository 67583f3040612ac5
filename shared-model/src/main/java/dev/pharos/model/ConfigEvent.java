package dev.pharos.model;

import io.vertx.core.json.JsonObject;

/**
 * Published on {@link ClusterNames#CONFIG_CHANGED} after a change is committed. The event bus delivers at most once,
 * so an event is a hint: a node whose applied version is {@code version - 1} applies {@code change}; any other node,
 * or any node when {@code change} is null, reloads the snapshot from the cluster.
 *
 * @param change the change from {@code version - 1}, or null when it is too large to send (a whole table)
 */
public record ConfigEvent(long version, ConfigChange change) {

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("version", version);
    if (change != null) {
      json.put("change", change.toJson());
    }
    return json;
  }

  public static ConfigEvent fromJson(JsonObject json) {
    JsonObject change = json.getJsonObject("change");
    return new ConfigEvent(json.getLong("version"), change == null ? null : ConfigChange.fromJson(change));
  }
}
