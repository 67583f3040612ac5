package dev.pharos.model;

import io.vertx.core.json.JsonObject;

/**
 * One problem with one field of a request body, named by its JSON path ({@code targets[0].port}).
 */
public record FieldError(String field, String message) {

  public JsonObject toJson() {
    return new JsonObject().put("field", field).put("message", message);
  }
}
