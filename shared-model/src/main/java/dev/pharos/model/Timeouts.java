package dev.pharos.model;

import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * How long the edge waits on an upstream for one request of a route.
 *
 * @param connectMs  time to open a connection to a target; past it the request answers 504. Default 5,000 ms.
 * @param responseMs longest silence from the target, from the request being sent until the last response byte; past
 *                   it the request answers 504 (or is reset if the response had started). Default 60,000 ms.
 */
public record Timeouts(int connectMs, int responseMs) {

  public static final int DEFAULT_CONNECT_MS = 5_000;
  public static final int DEFAULT_RESPONSE_MS = 60_000;
  public static final int MAX_MS = 3_600_000;
  public static final Timeouts DEFAULTS = new Timeouts(DEFAULT_CONNECT_MS, DEFAULT_RESPONSE_MS);

  public Timeouts {
    if (connectMs < 1 || connectMs > MAX_MS) {
      throw ValidationException.of("connectMs", connectMs + " (expected: 1.." + MAX_MS + ")");
    }
    if (responseMs < 1 || responseMs > MAX_MS) {
      throw ValidationException.of("responseMs", responseMs + " (expected: 1.." + MAX_MS + ")");
    }
  }

  public JsonObject toJson() {
    return new JsonObject().put("connectMs", connectMs).put("responseMs", responseMs);
  }

  static Timeouts fromJson(Object json, String path, List<FieldError> errors) {
    if (json == null) {
      return DEFAULTS;
    }
    JsonFields f = JsonFields.of(json, path, errors);
    if (f == null) {
      return null;
    }
    Integer connect = f.integer("connectMs", DEFAULT_CONNECT_MS, 1, MAX_MS);
    Integer response = f.integer("responseMs", DEFAULT_RESPONSE_MS, 1, MAX_MS);
    f.rejectUnknown();
    return connect == null || response == null ? null : new Timeouts(connect, response);
  }
}
