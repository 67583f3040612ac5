package dev.pharos.admin;

import dev.pharos.model.ConfigChange;
import dev.pharos.model.ConfigRejection;
import dev.pharos.model.ConfigSnapshot;
import dev.pharos.model.Route;
import dev.pharos.model.Upstream;
import io.vertx.core.json.JsonObject;

import java.util.SortedMap;
import java.util.function.Function;

/** A kind of resource kept in the config ({@link #ROUTES}, {@link #UPSTREAMS}): how to read, write and name it. */
final class ResourceKind<T> {

  static final ResourceKind<Route> ROUTES = new ResourceKind<>("route", "routes", ConfigSnapshot::routes,
    Route::fromJson, Route::toJson, Route::etag, ConfigChange.PutRoute::new, ConfigChange.DeleteRoute::new);

  static final ResourceKind<Upstream> UPSTREAMS = new ResourceKind<>("upstream", "upstreams",
    ConfigSnapshot::upstreams, Upstream::fromJson, Upstream::toJson, Upstream::etag, ConfigChange.PutUpstream::new,
    ConfigChange.DeleteUpstream::new);

  private final String name;
  private final String collection;
  private final Function<ConfigSnapshot, SortedMap<String, T>> itemsOf;
  private final Function<JsonObject, T> fromJson;
  private final Function<T, JsonObject> toJson;
  private final Function<T, String> etagOf;
  private final Function<T, ConfigChange> put;
  private final Function<String, ConfigChange> delete;

  private ResourceKind(String name, String collection, Function<ConfigSnapshot, SortedMap<String, T>> itemsOf,
                       Function<JsonObject, T> fromJson, Function<T, JsonObject> toJson, Function<T, String> etagOf,
                       Function<T, ConfigChange> put, Function<String, ConfigChange> delete) {
    this.name = name;
    this.collection = collection;
    this.itemsOf = itemsOf;
    this.fromJson = fromJson;
    this.toJson = toJson;
    this.etagOf = etagOf;
    this.put = put;
    this.delete = delete;
  }

  /** The path of one resource, {@code /api/v1/routes/api}; ids need no escaping (letters, digits, '.', '_', '-'). */
  String path(String id) {
    return AdminRouter.API + "/" + collection + "/" + id;
  }

  SortedMap<String, T> itemsOf(ConfigSnapshot snapshot) {
    return itemsOf.apply(snapshot);
  }

  /** @throws dev.pharos.model.ValidationException listing every problem of the document */
  T fromJson(JsonObject json) {
    return fromJson.apply(json);
  }

  JsonObject toJson(T item) {
    return toJson.apply(item);
  }

  String etagOf(T item) {
    return etagOf.apply(item);
  }

  ConfigChange put(T item) {
    return put.apply(item);
  }

  ConfigChange delete(String id) {
    return delete.apply(id);
  }

  ConfigRejection notFound(String id) {
    return ConfigRejection.of(ConfigRejection.Reason.NOT_FOUND, name + " '" + id + "' does not exist");
  }
}
