package dev.pharos.model;

import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * How long the edge waits on an upstream for one request of a route.
 *
 * @param connectMs  time to open a connection to a target; past it the request answers 504. Default 5,000 ms.
 * @param responseMs longest silence from the target from the request being sent until the response's status line and
 *                   headers; past it the request answers 504. Default 60,000 ms.
 * @param idleMs     longest silence from the target while its response body streams; past it the exchange is aborted
 *                   and the client's connection closed, since its answer has started. Default: {@code responseMs}.
 */
public record Timeouts(int connectMs, int responseMs, int idleMs) {

  public static final int DEFAULT_CONNECT_MS = 5_000;
  public static final int DEFAULT_RESPONSE_MS = 60_000;
  public static final int MAX_MS = 3_600_000;
  public static final Timeouts DEFAULTS = new Timeouts(DEFAULT_CONNECT_MS, DEFAULT_RESPONSE_MS);

  public Timeouts {
    Ranges.requireInRange("connectMs", connectMs, 1, MAX_MS);
    Ranges.requireInRange("responseMs", responseMs, 1, MAX_MS);
    Ranges.requireInRange("idleMs", idleMs, 1, MAX_MS);
  }

  /** Timeouts whose idle timeout is the response timeout. */
  public Timeouts(int connectMs, int responseMs) {
    this(connectMs, responseMs, responseMs);
  }

  /** {@code idleMs} is left out when it is the response timeout, so routes written before it keep their entity tag. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("connectMs", connectMs).put("responseMs", responseMs);
    return idleMs == responseMs ? json : json.put("idleMs", idleMs);
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
    Integer idle = f.integer("idleMs", response == null ? DEFAULT_RESPONSE_MS : response, 1, MAX_MS);
    f.rejectUnknown();
    return connect == null || response == null || idle == null ? null : new Timeouts(connect, response, idle);
  }
}
