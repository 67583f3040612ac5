package dev.pharos.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * How the edge caches a route's responses, as a shared cache (RFC 9111).
 *
 * @param enabled        whether responses are looked up in and stored to the cluster's cache. Default true once the
 *                       route has a {@code cache} object.
 * @param defaultTtlMs   freshness lifetime given to a response of a heuristically cacheable status that states none
 *                       (RFC 9111 §4.2.2), 1..{@value #MAX_TTL_MS}; null (the default) turns heuristic freshness off
 * @param maxObjectBytes the largest response body stored, 1..{@value #MAX_OBJECT_BYTES_LIMIT}; larger ones stream
 *                       through uncached. Default {@value #DEFAULT_MAX_OBJECT_BYTES}.
 * @param query          how the query string enters the cache key: {@code keep} (as sent, the default), {@code sort}
 *                       (parameters sorted, so {@code ?b=1&a=2} and {@code ?a=2&b=1} are one entry) or {@code ignore}
 * @param keyHeaders     request header names, lower case and sorted, whose values enter the cache key besides those
 *                       the response names in {@code Vary}. Default none.
 * @param allowSetCookie store responses that carry {@code Set-Cookie} (the cookie is then served to every client).
 *                       Default false.
 */
public record CachePolicy(boolean enabled, Long defaultTtlMs, long maxObjectBytes, String query,
                          List<String> keyHeaders, boolean allowSetCookie) {

  public static final String QUERY_KEEP = "keep";
  public static final String QUERY_SORT = "sort";
  public static final String QUERY_IGNORE = "ignore";
  public static final List<String> QUERY_MODES = List.of(QUERY_IGNORE, QUERY_KEEP, QUERY_SORT);
  public static final long DEFAULT_MAX_OBJECT_BYTES = 1024 * 1024;
  public static final long MAX_OBJECT_BYTES_LIMIT = 64L * 1024 * 1024;
  public static final long MAX_TTL_MS = 365L * 24 * 3600 * 1000;
  public static final int MAX_KEY_HEADERS = 16;
  public static final CachePolicy DEFAULTS = new CachePolicy(true, null, DEFAULT_MAX_OBJECT_BYTES, QUERY_KEEP,
    List.of(), false);

  public CachePolicy {
    keyHeaders = List.copyOf(new TreeSet<>(keyHeaders.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList()));
    List<FieldError> errors = new ArrayList<>();
    validate(defaultTtlMs, maxObjectBytes, query, keyHeaders, "", errors);
    JsonFields.throwIfAny(errors);
  }

  public CachePolicy withDefaultTtlMs(Long defaultTtlMs) {
    return new CachePolicy(enabled, defaultTtlMs, maxObjectBytes, query, keyHeaders, allowSetCookie);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("enabled", enabled);
    if (defaultTtlMs != null) {
      json.put("defaultTtlMs", defaultTtlMs);
    }
    return json.put("maxObjectBytes", maxObjectBytes)
      .put("query", query)
      .put("keyHeaders", new JsonArray(new ArrayList<>(keyHeaders)))
      .put("allowSetCookie", allowSetCookie);
  }

  static CachePolicy fromJson(Object json, String path, List<FieldError> errors) {
    JsonFields f = JsonFields.of(json, path, errors);
    if (f == null) {
      return null;
    }
    int before = errors.size();
    Boolean enabled = f.bool("enabled", true);
    Long ttl = f.optionalLong("defaultTtlMs", 1, MAX_TTL_MS);
    Long maxObject = f.optionalLong("maxObjectBytes", 1, MAX_OBJECT_BYTES_LIMIT);
    String query = f.string("query", QUERY_KEEP);
    List<String> headers = f.strings("keyHeaders");
    Boolean allowSetCookie = f.bool("allowSetCookie", false);
    f.rejectUnknown();
    if (errors.size() != before) {
      return null;
    }
    long size = maxObject == null ? DEFAULT_MAX_OBJECT_BYTES : maxObject;
    validate(ttl, size, query, headers, path.isEmpty() ? "" : path + ".", errors);
    if (errors.size() != before) {
      return null;
    }
    return new CachePolicy(enabled, ttl, size, query, headers, allowSetCookie);
  }

  private static void validate(Long ttl, long maxObjectBytes, String query, List<String> headers, String path,
                               List<FieldError> errors) {
    if (ttl != null) {
      Ranges.checkInRange(path + "defaultTtlMs", ttl, 1, MAX_TTL_MS, errors);
    }
    Ranges.checkInRange(path + "maxObjectBytes", maxObjectBytes, 1, MAX_OBJECT_BYTES_LIMIT, errors);
    if (!QUERY_MODES.contains(query)) {
      errors.add(new FieldError(path + "query",
        "'" + query + "' (expected one of: " + String.join(", ", QUERY_MODES) + ")"));
    }
    if (headers.size() > MAX_KEY_HEADERS) {
      errors.add(new FieldError(path + "keyHeaders", headers.size() + " names (expected: at most "
        + MAX_KEY_HEADERS + ")"));
    }
    for (int i = 0; i < headers.size(); i++) {
      if (!HttpTokens.isToken(headers.get(i))) {
        errors.add(new FieldError(path + "keyHeaders[" + i + "]", "'" + headers.get(i) + "' is not a header name"));
      }
    }
  }
}
