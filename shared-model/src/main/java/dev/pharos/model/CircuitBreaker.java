package dev.pharos.model;

import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Limits on the requests each node sends to one target of an upstream; a request over a limit answers 503 with
 * {@code Retry-After: 1} at once.
 *
 * @param maxRequests requests in flight to the target, 1..{@value #MAX}. Default {@value #DEFAULT_MAX_REQUESTS}.
 * @param maxPending  requests waiting for a connection to the target, 0..{@value #MAX}; 0 never waits. Default
 *                    {@value #DEFAULT_MAX_PENDING}.
 */
public record CircuitBreaker(int maxRequests, int maxPending) {

  public static final int DEFAULT_MAX_REQUESTS = 1024;
  public static final int DEFAULT_MAX_PENDING = 1024;
  public static final int MAX = 1_000_000;

  public CircuitBreaker {
    Ranges.requireInRange("maxRequests", maxRequests, 1, MAX);
    Ranges.requireInRange("maxPending", maxPending, 0, MAX);
  }

  public JsonObject toJson() {
    return new JsonObject().put("maxRequests", maxRequests).put("maxPending", maxPending);
  }

  static CircuitBreaker fromJson(Object json, String path, List<FieldError> errors) {
    JsonFields f = JsonFields.of(json, path, errors);
    if (f == null) {
      return null;
    }
    Integer maxRequests = f.integer("maxRequests", DEFAULT_MAX_REQUESTS, 1, MAX);
    Integer maxPending = f.integer("maxPending", DEFAULT_MAX_PENDING, 0, MAX);
    f.rejectUnknown();
    return maxRequests == null || maxPending == null ? null : new CircuitBreaker(maxRequests, maxPending);
  }
}
