package dev.pharos.admin;

import dev.pharos.model.ChangeOrigin;
import dev.pharos.model.ConfigChange;
import dev.pharos.model.ConfigRejection;
import dev.pharos.model.ConfigSnapshot;
import dev.pharos.model.FieldError;
import dev.pharos.model.HistoryEntry;
import dev.pharos.model.ValidationException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;

/**
 * The config history: the versions the cluster keeps, one version's whole table, and a rollback that commits an
 * earlier table as the next version through the same path as any other write.
 */
final class HistoryHandlers {

  static final String LIMIT = "limit";
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 10_000;
  static final String VERSION = "version";

  private final ConfigStore store;
  private final ConfigWriter writer;

  HistoryHandlers(ConfigStore store, ConfigWriter writer) {
    this.store = store;
    this.writer = writer;
  }

  /** Newest first, without the tables: {@code {"items": [...]}}. */
  Future<JsonObject> list(RoutingContext ctx) {
    int limit = limit(ctx.request().getParam(LIMIT));
    return store.history(limit).map(entries -> {
      JsonArray items = new JsonArray();
      entries.forEach(header -> items.add(header.toJson()));
      return new JsonObject().put("items", items);
    });
  }

  /** The table of one version, in the shape of {@code GET /config}, so that it can be put back as it is. */
  Future<JsonObject> get(RoutingContext ctx) {
    long version = pathVersion(ctx.pathParam(VERSION));
    return entry(version).map(entry -> entry.snapshot().toJson());
  }

  /** Body {@code {"version": N}}; answers as {@code PUT /config} does, with the new version's table. */
  Future<JsonObject> rollback(RoutingContext ctx) {
    long version = bodyVersion(JsonBodyHandler.object(ctx));
    return entry(version).compose(entry -> {
      ConfigSnapshot table = entry.snapshot();
      ConfigChange restore = new ConfigChange.ReplaceAll(List.copyOf(table.routes().values()),
        List.copyOf(table.upstreams().values()));
      return writer.commit(ctx, restore, ChangeOrigin.rollback(Actor.of(ctx), version));
    }).map(commit -> {
      ConfigHeaders.put(ctx.response(), commit.snapshot().etag(), commit.version());
      return commit.snapshot().toJson();
    });
  }

  private Future<HistoryEntry> entry(long version) {
    return store.historyEntry(version).map(found -> found.orElseThrow(() -> ConfigRejection.of(
      ConfigRejection.Reason.NOT_FOUND, "version " + version + " is not in the config history")));
  }

  private static int limit(String raw) {
    if (raw == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(raw);
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ValidationException.of(LIMIT, "'" + raw + "' (expected: 1.." + MAX_LIMIT + ")");
  }

  private static long pathVersion(String raw) {
    try {
      long version = Long.parseLong(raw);
      if (version >= 1) {
        return version;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ValidationException.of(VERSION, "'" + raw + "' (expected: an integer >= 1)");
  }

  private static long bodyVersion(JsonObject body) {
    List<FieldError> errors = new ArrayList<>();
    Object version = body.getValue(VERSION);
    boolean integral = version instanceof Integer || version instanceof Long;
    if (!integral || ((Number) version).longValue() < 1) {
      errors.add(new FieldError(VERSION, version == null ? "required" : version + " (expected: an integer >= 1)"));
    }
    body.fieldNames().stream().filter(name -> !name.equals(VERSION))
      .forEach(name -> errors.add(new FieldError(name, "unknown field")));
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    return ((Number) version).longValue();
  }
}
