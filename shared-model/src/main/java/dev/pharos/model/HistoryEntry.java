package dev.pharos.model;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Objects;

/**
 * One committed version with the whole table after the change, so that a rollback can restore it.
 *
 * @param snapshot the table at {@code header.version()}
 */
public record HistoryEntry(HistoryHeader header, ConfigSnapshot snapshot) {

  public HistoryEntry {
    Objects.requireNonNull(header, "header");
    if (snapshot.version() != header.version()) {
      throw new IllegalArgumentException("snapshot: version " + snapshot.version() + " (expected: "
        + header.version() + ")");
    }
  }

  public static HistoryEntry of(Instant time, ChangeOrigin origin, ConfigChange change, ConfigSnapshot snapshot) {
    return new HistoryEntry(HistoryHeader.of(snapshot.version(), time, origin, change), snapshot);
  }

  public long version() {
    return header.version();
  }

  /** The entry as {@code GET /api/v1/config/history} lists it: everything but the table. */
  public JsonObject toSummaryJson() {
    return header.toJson();
  }

  /** The stored form: the header's fields and the table under {@code config}. */
  public JsonObject toJson() {
    return header.toJson().put("config", snapshot.toJson());
  }

  public static HistoryEntry fromJson(JsonObject json) {
    return new HistoryEntry(HistoryHeader.fromJson(json), ConfigSnapshot.fromJson(json.getJsonObject("config")));
  }
}
