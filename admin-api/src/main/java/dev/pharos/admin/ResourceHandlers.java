package dev.pharos.admin;

import dev.pharos.model.ValidationException;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The endpoints of one kind of resource: list the collection, and get, put or delete one item by the {@code id}
 * path parameter. Each returns the response body, or null for 204, after setting status and headers.
 */
final class ResourceHandlers<T> {

  private final ResourceKind<T> kind;
  private final ConfigStore store;
  private final ConfigWriter writer;

  ResourceHandlers(ResourceKind<T> kind, ConfigStore store, ConfigWriter writer) {
    this.kind = kind;
    this.store = store;
    this.writer = writer;
  }

  Future<JsonObject> list(RoutingContext ctx) {
    return store.snapshot().map(snapshot -> {
      JsonArray items = new JsonArray();
      kind.itemsOf(snapshot).values().forEach(item -> items.add(kind.toJson(item)));
      ConfigHeaders.put(ctx.response(), snapshot.etag(), snapshot.version());
      return new JsonObject().put("version", snapshot.version()).put("items", items);
    });
  }

  Future<JsonObject> get(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    return store.snapshot().map(snapshot -> {
      T item = kind.itemsOf(snapshot).get(id);
      if (item == null) {
        throw kind.notFound(id);
      }
      ConfigHeaders.put(ctx.response(), kind.etagOf(item), snapshot.version());
      return kind.toJson(item);
    });
  }

  /** Answers 201 with {@code Location} when the item is new, 200 when it replaced one. */
  Future<JsonObject> put(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    T item = kind.fromJson(withId(JsonBodyHandler.object(ctx), id));
    return writer.commit(ctx, kind.put(item)).map(commit -> {
      T stored = kind.itemsOf(commit.snapshot()).get(id);
      if (commit.created()) {
        ctx.response().setStatusCode(201).putHeader(HttpHeaders.LOCATION, kind.path(id));
      }
      ConfigHeaders.put(ctx.response(), kind.etagOf(stored), commit.version());
      return kind.toJson(stored);
    });
  }

  Future<JsonObject> delete(RoutingContext ctx) {
    return writer.commit(ctx, kind.delete(ctx.pathParam("id"))).map(commit -> {
      ConfigHeaders.putVersion(ctx.response(), commit.version());
      return null;
    });
  }

  /** The path names the item; the body may repeat its id, but may not contradict it. */
  private static JsonObject withId(JsonObject body, String id) {
    Object bodyId = body.getValue("id");
    if (bodyId == null) {
      return body.put("id", id);
    }
    if (!id.equals(bodyId)) {
      throw ValidationException.of("id", bodyId + " (expected: absent, or '" + id + "' as in the path)");
    }
    return body;
  }
}
