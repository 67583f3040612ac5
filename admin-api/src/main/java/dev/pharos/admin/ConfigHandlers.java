package dev.pharos.admin;

import dev.pharos.model.ConfigChange;
import dev.pharos.model.ConfigSnapshot;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The whole config as one document: export it, or replace every route and upstream in one atomic step. */
final class ConfigHandlers {

  private final ConfigStore store;
  private final ConfigWriter writer;

  ConfigHandlers(ConfigStore store, ConfigWriter writer) {
    this.store = store;
    this.writer = writer;
  }

  Future<JsonObject> get(RoutingContext ctx) {
    return store.snapshot().map(snapshot -> respond(ctx, snapshot));
  }

  /** {@code If-Match} is checked against the config's tag, the version it was exported at. */
  Future<JsonObject> put(RoutingContext ctx) {
    ConfigChange.ReplaceAll table = ConfigSnapshot.parseTable(JsonBodyHandler.object(ctx));
    return writer.commit(ctx, table).map(commit -> respond(ctx, commit.snapshot()));
  }

  private static JsonObject respond(RoutingContext ctx, ConfigSnapshot snapshot) {
    ConfigHeaders.put(ctx.response(), snapshot.etag(), snapshot.version());
    return snapshot.toJson();
  }
}
