package dev.pharos.admin.testing;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** A whole response of the admin API. */
public record Reply(int status, MultiMap headers, Buffer body) {

  public String header(String name) {
    return headers.get(name);
  }

  public JsonObject json() {
    return body.toJsonObject();
  }

  /** The {@code field} of each entry of a problem's {@code errors} list. */
  public List<String> errorFields() {
    JsonArray errors = json().getJsonArray("errors");
    return errors.stream().map(e -> ((JsonObject) e).getString("field")).toList();
  }
}
