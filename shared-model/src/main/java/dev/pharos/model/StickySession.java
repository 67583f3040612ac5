package dev.pharos.model;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a client on one target of an upstream: the edge answers with a signed cookie naming the target it chose, and
 * sends later requests carrying that cookie to the same target, through any node, while the target stays in the
 * upstream with a weight above 0.
 *
 * @param cookie     the cookie's name, an RFC 6265 token, default {@value #DEFAULT_COOKIE}
 * @param ttlSeconds the cookie's {@code Max-Age}, 1..{@value #MAX_TTL_SECONDS}, default {@value #DEFAULT_TTL_SECONDS}
 */
public record StickySession(String cookie, int ttlSeconds) {

  public static final String DEFAULT_COOKIE = "PHAROS_STICKY";
  public static final int DEFAULT_TTL_SECONDS = 3600;
  /** 400 days: browsers cap a cookie's lifetime there (RFC 6265bis §5.6.2), so a longer one would mislead. */
  public static final int MAX_TTL_SECONDS = 400 * 24 * 3600;

  public StickySession {
    List<FieldError> errors = new ArrayList<>();
    if (!HttpTokens.isToken(cookie)) {
      errors.add(new FieldError("stickySession.cookie", notACookieName(cookie)));
    }
    Ranges.checkInRange("stickySession.ttlSeconds", ttlSeconds, 1, MAX_TTL_SECONDS, errors);
    JsonFields.throwIfAny(errors);
  }

  public static StickySession of(String cookie, int ttlSeconds) {
    return new StickySession(cookie, ttlSeconds);
  }

  public JsonObject toJson() {
    return new JsonObject().put("cookie", cookie).put("ttlSeconds", ttlSeconds);
  }

  static StickySession fromJson(Object json, String path, List<FieldError> errors) {
    JsonFields f = JsonFields.of(json, path, errors);
    if (f == null) {
      return null;
    }
    int before = errors.size();
    String cookie = f.string("cookie", DEFAULT_COOKIE);
    Integer ttl = f.integer("ttlSeconds", DEFAULT_TTL_SECONDS, 1, MAX_TTL_SECONDS);
    f.rejectUnknown();
    if (cookie != null && !HttpTokens.isToken(cookie)) {
      f.error(f.path("cookie"), notACookieName(cookie));
    }
    return errors.size() == before ? new StickySession(cookie, ttl) : null;
  }

  private static String notACookieName(String cookie) {
    return "'" + cookie + "' is not a cookie name (expected: " + HttpTokens.RULE + ")";
  }
}
