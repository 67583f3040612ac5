package dev.pharos.edge.cache.http;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;

import java.util.List;

/**
 * A client's conditional GET or HEAD answered from a stored response (RFC 9111 §4.3.2, RFC 9110 §13.1.2, §13.1.3):
 * {@code If-None-Match} by weak comparison, otherwise {@code If-Modified-Since} against the stored
 * {@code Last-Modified} (or {@code Date} when it has none). An {@code If-Modified-Since} that is not a valid date is
 * ignored.
 */
public final class Conditionals {

  /** The fields a 304 carries from the stored response (RFC 9110 §15.4.5). */
  private static final List<String> NOT_MODIFIED_FIELDS = List.of("Cache-Control",
    "Content-Location", "Date", "ETag", "Expires", "Vary");

  private Conditionals() {
  }

  /** Whether the request's preconditions say the client's copy is current, so a 304 answers it. */
  public static boolean notModified(MultiMap request, MultiMap stored) {
    List<String> noneMatch = request.getAll(HttpHeaders.IF_NONE_MATCH);
    if (!noneMatch.isEmpty()) {
      String etag = stored.get(HttpHeaders.ETAG);
      for (String line : noneMatch) {
        for (String candidate : line.split(",")) {
          String tag = candidate.trim();
          if (tag.equals("*") || (etag != null && weakMatch(tag, etag.trim()))) {
            return true;
          }
        }
      }
      return false;
    }
    String since = request.get(HttpHeaders.IF_MODIFIED_SINCE);
    if (since == null) {
      return false;
    }
    long sinceMillis = HttpDates.parseMillis(since, Long.MIN_VALUE);
    String modified = stored.contains(HttpHeaders.LAST_MODIFIED) ? stored.get(HttpHeaders.LAST_MODIFIED)
      : stored.get(HttpHeaders.DATE);
    long modifiedMillis = HttpDates.parseMillis(modified, Long.MAX_VALUE);
    return sinceMillis != Long.MIN_VALUE && modifiedMillis != Long.MAX_VALUE && modifiedMillis <= sinceMillis;
  }

  /** Whether the request carries a precondition this class evaluates. */
  public static boolean isConditional(MultiMap request) {
    return request.contains(HttpHeaders.IF_NONE_MATCH) || request.contains(HttpHeaders.IF_MODIFIED_SINCE);
  }

  /** Weak comparison (RFC 9110 §8.8.3.2): equal opaque tags, either or both possibly weak. */
  static boolean weakMatch(String a, String b) {
    return opaque(a).equals(opaque(b));
  }

  private static String opaque(String tag) {
    return tag.startsWith("W/") ? tag.substring(2) : tag;
  }

  /** The stored fields a 304 to the client repeats; {@code Last-Modified} too when there is no {@code ETag}. */
  public static MultiMap notModifiedHeaders(MultiMap stored) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    for (String name : NOT_MODIFIED_FIELDS) {
      List<String> values = stored.getAll(name);
      if (!values.isEmpty()) {
        headers.add(name, values);
      }
    }
    if (!stored.contains(HttpHeaders.ETAG) && stored.contains(HttpHeaders.LAST_MODIFIED)) {
      headers.add(HttpHeaders.LAST_MODIFIED, stored.get(HttpHeaders.LAST_MODIFIED));
    }
    return headers;
  }

  /**
   * The stored fields updated by a 304 from the origin (RFC 9111 §3.2, §4.3.4): each field of the 304 replaces the
   * stored one, except {@code Content-Length} (the 304 has no content) and the framing fields.
   */
  public static MultiMap refreshed(MultiMap stored, MultiMap notModified) {
    MultiMap merged = MultiMap.caseInsensitiveMultiMap().addAll(stored);
    for (String name : notModified.names()) {
      if (name.equalsIgnoreCase(HttpHeaders.CONTENT_LENGTH.toString())
        || name.equalsIgnoreCase(HttpHeaders.TRANSFER_ENCODING.toString())) {
        continue;
      }
      merged.set(name, notModified.getAll(name));
    }
    return merged;
  }
}
