package dev.pharos.edge.cache.http;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;

import java.util.Locale;

/**
 * A client's {@code Range} answered from a stored complete 200 (RFC 9110 §14, RFC 9111 §3.4): one byte range gives a
 * 206 of that part; a range past the end gives 416. Whatever else the field holds (several ranges, another unit, bad
 * syntax) is ignored and the whole representation answers with 200, as a server may (§14.2), and so is a Range whose
 * {@code If-Range} does not match the stored representation (§13.1.5).
 */
public final class Ranges {

  /** What answers a request with a Range. */
  public sealed interface Answer {
  }

  /** The whole representation, 200: the Range is ignored. */
  public record Whole() implements Answer {
  }

  /** 206 with the bytes {@code first} to {@code last}, both included. */
  public record Part(long first, long last, long length) implements Answer {

    /** The {@code Content-Range} of the part. */
    public String contentRange() {
      return "bytes " + first + "-" + last + "/" + length;
    }
  }

  /** 416: no byte of the range is in the representation. */
  public record Unsatisfiable(long length) implements Answer {

    /** The {@code Content-Range} of a 416 (§15.5.17). */
    public String contentRange() {
      return "bytes */" + length;
    }
  }

  private static final Whole WHOLE = new Whole();

  private Ranges() {
  }

  /**
   * @param range   the request's {@code Range} field value
   * @param ifRange the request's {@code If-Range} field value, or null
   * @param stored  the stored response's fields, for its validators
   * @param length  the stored body's length
   */
  public static Answer answer(String range, String ifRange, MultiMap stored, long length) {
    if (ifRange != null && !ifRangeMatches(ifRange.trim(), stored)) {
      return WHOLE;
    }
    int eq = range.indexOf('=');
    if (eq < 0 || !range.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("bytes")) {
      return WHOLE;
    }
    String set = range.substring(eq + 1).trim();
    if (set.indexOf(',') >= 0) {
      // Several ranges: a multipart/byteranges answer is not made; the whole representation holds them all.
      return WHOLE;
    }
    int dash = set.indexOf('-');
    if (dash < 0) {
      return WHOLE;
    }
    String firstText = set.substring(0, dash).trim();
    String lastText = set.substring(dash + 1).trim();
    if (firstText.isEmpty()) {
      long suffix = digits(lastText);
      if (suffix < 0) {
        return WHOLE;
      }
      if (suffix == 0 || length == 0) {
        return new Unsatisfiable(length);
      }
      return new Part(Math.max(0, length - suffix), length - 1, length);
    }
    long first = digits(firstText);
    long last = lastText.isEmpty() ? Long.MAX_VALUE : digits(lastText);
    if (first < 0 || last < 0 || last < first) {
      return WHOLE;
    }
    if (first >= length) {
      return new Unsatisfiable(length);
    }
    return new Part(first, Math.min(last, length - 1), length);
  }

  /**
   * §13.1.5: an entity tag matches by strong comparison with the stored {@code ETag}; a date matches when it is
   * exactly the stored {@code Last-Modified}. A weak tag, or anything unreadable, matches nothing.
   */
  static boolean ifRangeMatches(String ifRange, MultiMap stored) {
    if (ifRange.startsWith("\"") || ifRange.startsWith("W/")) {
      String etag = stored.get(HttpHeaders.ETAG);
      return etag != null && !ifRange.startsWith("W/") && !etag.trim().startsWith("W/") && ifRange.equals(etag.trim());
    }
    String lastModified = stored.get(HttpHeaders.LAST_MODIFIED);
    long since = HttpDates.parseMillis(ifRange, Long.MIN_VALUE);
    return lastModified != null && since != Long.MIN_VALUE
      && since == HttpDates.parseMillis(lastModified, Long.MAX_VALUE);
  }

  /** The value of a run of 1 to 18 digits (no overflow), or -1. */
  private static long digits(String text) {
    if (text.isEmpty() || text.length() > 18) {
      return -1;
    }
    long value = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
