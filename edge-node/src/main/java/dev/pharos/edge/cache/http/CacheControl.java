package dev.pharos.edge.cache.http;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The directives of the {@code Cache-Control} field lines of a request or a response (RFC 9111 §5.2), parsed
 * leniently: a malformed member is skipped, never an error, so no client or origin can make the edge fail with one.
 *
 * <p>A directive that appears more than once keeps its first value (§4.2.1). A {@code max-age} or {@code s-maxage}
 * that is not a delta-seconds reads as 0, so that the response is stale rather than fresh for longer than meant
 * (§4.2.1 encourages it). A delta-seconds too large to represent reads as 2147483648 (§1.2.2). The qualified
 * response forms {@code no-cache="field, ..."} and {@code private="field, ..."} name fields (§5.2.2.4, §5.2.2.7);
 * the unqualified forms apply to the whole response.
 *
 * <p>A response's caching directives come from {@code CDN-Cache-Control} instead when it has that field (RFC 9213):
 * see {@link #ofResponse}.
 */
public final class CacheControl {

  /** Value of a delta-seconds directive that is absent. */
  public static final long ABSENT = -1;
  /** The value §1.2.2 gives a delta-seconds too large to represent. */
  public static final long MAX_DELTA_SECONDS = 2147483648L;
  public static final CacheControl EMPTY = new CacheControl(Map.of());
  public static final String CDN_CACHE_CONTROL = "CDN-Cache-Control";
  private static final Set<String> INTEGER_DIRECTIVES = Set.of("max-age", "s-maxage",
    "stale-while-revalidate", "stale-if-error");
  // key [= integer | decimal | string | token | boolean] [;parameters]
  private static final Pattern SF_MEMBER = Pattern.compile(
    "([a-z*][a-z0-9_\\-.*]*)(?:=(-?[0-9]{1,15}(?:\\.[0-9]{1,3})?|\"(?:[\\x20\\x21\\x23-\\x5b\\x5d-\\x7e]|\\\\[\"\\\\])*\""
      + "|[A-Za-z*][!#$%&'*+\\-.^_`|~0-9A-Za-z:/]*|\\?[01]))?(?:;.*)?");

  // Directive name (lower case) to its unquoted argument, "" when it has none.
  private final Map<String, String> directives;

  private CacheControl(Map<String, String> directives) {
    this.directives = directives;
  }

  /**
   * The directives of a response for this cache: its {@code CDN-Cache-Control} when it has one (RFC 9213, a field
   * aimed at CDNs, which overrides {@code Cache-Control} for them), otherwise its {@code Cache-Control}.
   */
  public static CacheControl ofResponse(MultiMap headers) {
    List<String> targeted = headers.getAll(CDN_CACHE_CONTROL);
    CacheControl cdn = targeted.isEmpty() ? null : parseTargeted(targeted);
    return cdn == null ? of(headers) : cdn;
  }

  /**
   * A targeted field (RFC 9213 §2.1): a Structured Field Dictionary (RFC 8941), read strictly. Null when it is not
   * one, or a delta-seconds directive is not an integer: such a field is ignored as a whole, and
   * {@code Cache-Control} applies. A directive set to boolean false ({@code no-store=?0}) is absent.
   */
  static CacheControl parseTargeted(List<String> fieldLines) {
    Map<String, String> directives = new HashMap<>();
    for (String member : String.join(",", fieldLines).split(",", -1)) {
      Matcher m = SF_MEMBER.matcher(member.trim());
      if (!m.matches()) {
        return null;
      }
      String name = m.group(1);
      String value = m.group(2) == null ? "" : m.group(2);
      boolean integer = value.matches("-?[0-9]{1,15}");
      if (INTEGER_DIRECTIVES.contains(name) && (!integer || value.startsWith("-"))) {
        return null;
      }
      if (value.equals("?0")) {
        continue;
      }
      if (value.equals("?1")) {
        value = "";
      } else if (value.startsWith("\"")) {
        value = value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
      }
      directives.putIfAbsent(name, value);
    }
    return new CacheControl(directives);
  }

  /** The directives of a request's {@code Cache-Control}. */
  public static CacheControl of(MultiMap headers) {
    List<String> lines = headers.getAll(HttpHeaders.CACHE_CONTROL);
    return lines.isEmpty() ? EMPTY : parse(lines);
  }

  public static CacheControl parse(List<String> fieldLines) {
    Map<String, String> directives = new HashMap<>();
    for (String line : fieldLines) {
      parseLine(line, directives);
    }
    return directives.isEmpty() ? EMPTY : new CacheControl(directives);
  }

  private static void parseLine(String line, Map<String, String> into) {
    int i = 0;
    int n = line.length();
    while (i < n) {
      while (i < n && (line.charAt(i) == ',' || isSpace(line.charAt(i)))) {
        i++;
      }
      int nameStart = i;
      while (i < n && isTokenChar(line.charAt(i))) {
        i++;
      }
      String name = line.substring(nameStart, i).toLowerCase(Locale.ROOT);
      while (i < n && isSpace(line.charAt(i))) {
        i++;
      }
      String value = "";
      boolean valid = !name.isEmpty();
      if (i < n && line.charAt(i) == '=') {
        i++;
        while (i < n && isSpace(line.charAt(i))) {
          i++;
        }
        if (i < n && line.charAt(i) == '"') {
          StringBuilder quoted = new StringBuilder();
          i++;
          boolean closed = false;
          while (i < n) {
            char c = line.charAt(i++);
            if (c == '\\' && i < n) {
              quoted.append(line.charAt(i++));
            } else if (c == '"') {
              closed = true;
              break;
            } else {
              quoted.append(c);
            }
          }
          valid &= closed;
          value = quoted.toString();
        } else {
          int valueStart = i;
          while (i < n && isTokenChar(line.charAt(i))) {
            i++;
          }
          value = line.substring(valueStart, i);
          valid &= !value.isEmpty();
        }
      }
      while (i < n && isSpace(line.charAt(i))) {
        i++;
      }
      if (i < n && line.charAt(i) != ',') {
        // Garbage after the member: skip to the next comma and drop the member.
        valid = false;
        while (i < n && line.charAt(i) != ',') {
          i++;
        }
      }
      if (valid) {
        into.putIfAbsent(name, value);
      }
    }
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t';
  }

  private static boolean isTokenChar(char c) {
    return c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
  }

  public boolean has(String directive) {
    return directives.containsKey(directive);
  }

  public boolean noStore() {
    return has("no-store");
  }

  /** Unqualified {@code no-cache}: the whole response must be revalidated before each use. */
  public boolean noCache() {
    return "".equals(directives.get("no-cache"));
  }

  /** The fields a qualified {@code no-cache="..."} names, lower case: not to be served without revalidation. */
  public List<String> noCacheFields() {
    return fieldNames(directives.get("no-cache"));
  }

  /** Unqualified {@code private}: a shared cache must not store the response. */
  public boolean isPrivate() {
    return "".equals(directives.get("private"));
  }

  /** The fields a qualified {@code private="..."} names, lower case: a shared cache must not store them. */
  public List<String> privateFields() {
    return fieldNames(directives.get("private"));
  }

  private static List<String> fieldNames(String value) {
    if (value == null || value.isEmpty()) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    for (String name : value.split(",")) {
      String trimmed = name.trim().toLowerCase(Locale.ROOT);
      if (!trimmed.isEmpty()) {
        names.add(trimmed);
      }
    }
    return names;
  }

  public boolean isPublic() {
    return has("public");
  }

  public boolean mustRevalidate() {
    return has("must-revalidate");
  }

  public boolean proxyRevalidate() {
    return has("proxy-revalidate");
  }

  public boolean onlyIfCached() {
    return has("only-if-cached");
  }

  /** Seconds, {@link #ABSENT}, or 0 when the argument is not a delta-seconds. */
  public long maxAge() {
    return strictSeconds("max-age");
  }

  /** Seconds, {@link #ABSENT}, or 0 when the argument is not a delta-seconds. */
  public long sMaxAge() {
    return strictSeconds("s-maxage");
  }

  /** Seconds, or {@link #ABSENT} when absent or not a delta-seconds. */
  public long minFresh() {
    return lenientSeconds("min-fresh");
  }

  /**
   * Request {@code max-stale}: seconds of staleness the client accepts; {@link Long#MAX_VALUE} when it has no
   * argument (any staleness); {@link #ABSENT} when absent or malformed.
   */
  public long maxStale() {
    String value = directives.get("max-stale");
    if (value == null) {
      return ABSENT;
    }
    return value.isEmpty() ? Long.MAX_VALUE : deltaSeconds(value);
  }

  /** Seconds, or {@link #ABSENT} when absent or not a delta-seconds (RFC 5861). */
  public long staleWhileRevalidate() {
    return lenientSeconds("stale-while-revalidate");
  }

  /** Seconds, or {@link #ABSENT} when absent or not a delta-seconds (RFC 5861). */
  public long staleIfError() {
    return lenientSeconds("stale-if-error");
  }

  private long strictSeconds(String directive) {
    String value = directives.get(directive);
    if (value == null) {
      return ABSENT;
    }
    long seconds = deltaSeconds(value);
    return seconds == ABSENT ? 0 : seconds;
  }

  private long lenientSeconds(String directive) {
    String value = directives.get(directive);
    return value == null ? ABSENT : deltaSeconds(value);
  }

  /** A delta-seconds (1*DIGIT), {@link #MAX_DELTA_SECONDS} when larger, {@link #ABSENT} when not one. */
  static long deltaSeconds(String value) {
    if (value.isEmpty()) {
      return ABSENT;
    }
    long seconds = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return ABSENT;
      }
      seconds = seconds * 10 + (c - '0');
      if (seconds >= MAX_DELTA_SECONDS) {
        return MAX_DELTA_SECONDS;
      }
    }
    return seconds;
  }

  @Override
  public String toString() {
    return directives.toString();
  }
}
