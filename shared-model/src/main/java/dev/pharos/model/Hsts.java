package dev.pharos.model;

import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The {@code Strict-Transport-Security} header a route sends on its HTTPS answers (RFC 6797). Browsers ignore it on
 * cleartext answers, so the edge sends it only over TLS.
 *
 * @param maxAgeSeconds     how long a browser keeps to HTTPS for the host, 0..{@value #MAX_AGE_LIMIT}; 0 tells it to
 *                          forget the host
 * @param includeSubDomains the policy covers every subdomain too
 * @param preload           asks to be listed in browsers' preload lists (which expect a year or more and subdomains)
 */
public record Hsts(long maxAgeSeconds, boolean includeSubDomains, boolean preload) {

  /** Two years, the longest the preload list asks for. */
  public static final long MAX_AGE_LIMIT = 63_072_000L;

  public Hsts {
    Ranges.requireInRange("hsts.maxAgeSeconds", maxAgeSeconds, 0, MAX_AGE_LIMIT);
  }

  /** The header value, computed once per route. */
  public String headerValue() {
    return "max-age=" + maxAgeSeconds + (includeSubDomains ? "; includeSubDomains" : "") + (preload ? "; preload" : "");
  }

  public JsonObject toJson() {
    return new JsonObject().put("maxAgeSeconds", maxAgeSeconds).put("includeSubDomains", includeSubDomains)
      .put("preload", preload);
  }

  static Hsts fromJson(Object json, String path, List<FieldError> errors) {
    JsonFields f = JsonFields.of(json, path, errors);
    if (f == null) {
      return null;
    }
    int before = errors.size();
    Long maxAge = f.optionalLong("maxAgeSeconds", 0, MAX_AGE_LIMIT);
    if (maxAge == null && !f.has("maxAgeSeconds")) {
      f.error(f.path("maxAgeSeconds"), "is required (expected: seconds, 0.." + MAX_AGE_LIMIT + ")");
    }
    Boolean subDomains = f.bool("includeSubDomains", false);
    Boolean preload = f.bool("preload", false);
    f.rejectUnknown();
    return errors.size() != before || maxAge == null ? null : new Hsts(maxAge, subDomains, preload);
  }
}
