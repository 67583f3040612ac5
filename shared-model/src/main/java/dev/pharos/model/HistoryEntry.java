package dev.pharos.model;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Objects;

/**
 * One committed version as the config history keeps it: when, by whom, what changed, and the whole table after the
 * change, so that a rollback can restore it.
 *
 * @param summary  the change's {@link ConfigChange#describe()}
 * @param change   the change's JSON; for a whole-table replacement only its {@code op}, since {@code snapshot} holds
 *                 the table and a listing of many entries should not repeat it
 * @param snapshot the table at {@code version}
 */
public record HistoryEntry(long version, Instant time, ChangeOrigin origin, String summary, JsonObject change,
                           ConfigSnapshot snapshot) {

  public HistoryEntry {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(origin, "origin");
    change = change.copy();
    if (snapshot.version() != version) {
      throw new IllegalArgumentException("snapshot: version " + snapshot.version() + " (expected: " + version + ")");
    }
  }

  public static HistoryEntry of(Instant time, ChangeOrigin origin, ConfigChange change, ConfigSnapshot snapshot) {
    JsonObject changeJson = change instanceof ConfigChange.ReplaceAll
      ? new JsonObject().put("op", "replace-all")
      : change.toJson();
    return new HistoryEntry(snapshot.version(), time, origin, change.describe(), changeJson, snapshot);
  }

  /** The entry as {@code GET /api/v1/config/history} lists it: everything but the table. */
  public JsonObject toSummaryJson() {
    JsonObject json = new JsonObject()
      .put("version", version)
      .put("time", time.toString())
      .put("actor", origin.actor())
      .put("summary", summary)
      .put("change", change.copy());
    if (origin.isRollback()) {
      json.put("rollbackOf", origin.rollbackOf());
    }
    return json;
  }

  /** The stored form: the summary and the table under {@code config}. */
  public JsonObject toJson() {
    return toSummaryJson().put("config", snapshot.toJson());
  }

  public static HistoryEntry fromJson(JsonObject json) {
    ChangeOrigin origin = new ChangeOrigin(json.getString("actor"), json.getLong("rollbackOf", 0L));
    return new HistoryEntry(json.getLong("version"), Instant.parse(json.getString("time")), origin,
      json.getString("summary"), json.getJsonObject("change"), ConfigSnapshot.fromJson(json.getJsonObject("config")));
  }
}
