package dev.pharos.model;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Objects;

/**
 * One committed version as the config history lists it: when, by whom and what changed, without the table.
 *
 * @param summary the change's {@link ConfigChange#describe()}
 * @param change  the change's JSON; for a whole-table replacement only its {@code op}, since a listing of many
 *                versions should not repeat whole tables
 */
public record HistoryHeader(long version, Instant time, ChangeOrigin origin, String summary, JsonObject change) {

  public HistoryHeader {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(origin, "origin");
    change = change.copy();
  }

  /** The header of a change committed as {@code version}. */
  public static HistoryHeader of(long version, Instant time, ChangeOrigin origin, ConfigChange change) {
    JsonObject changeJson = change instanceof ConfigChange.ReplaceAll
      ? new JsonObject().put("op", "replace-all")
      : change.toJson();
    return new HistoryHeader(version, time, origin, change.describe(), changeJson);
  }

  /** Whether {@link #change()} holds the whole change, so that it can be applied again to the previous table. */
  public boolean replayable() {
    return !change.getString("op").equals("replace-all");
  }

  /** The form {@code GET /api/v1/config/history} lists. */
  public JsonObject toJson() {
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

  public static HistoryHeader fromJson(JsonObject json) {
    ChangeOrigin origin = new ChangeOrigin(json.getString("actor"), json.getLong("rollbackOf", 0L));
    return new HistoryHeader(json.getLong("version"), Instant.parse(json.getString("time")), origin,
      json.getString("summary"), json.getJsonObject("change"));
  }
}
