package dev.pharos.edge.cache.http;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;

import java.util.Set;

/** How long a response stays fresh (RFC 9111 §4.2.1, §4.2.2) and how old a stored response is (§4.2.3). */
public final class Freshness {

  /** Status codes defined as heuristically cacheable (RFC 9110 §15.1). */
  public static final Set<Integer> HEURISTICALLY_CACHEABLE = Set.of(200, 203, 204, 206, 300, 301, 308, 404, 405,
    410, 414, 501);

  private Freshness() {
  }

  /**
   * The freshness lifetime in milliseconds, from the first of: {@code s-maxage} (a shared cache's own), {@code max-age},
   * {@code Expires} minus {@code Date}, and, only when {@code heuristicMs} is given and the status is heuristically
   * cacheable or the response is {@code public}, {@code heuristicMs}. An invalid {@code Expires} is in the past (§5.3);
   * a response without {@code Date} is dated when it was received.
   *
   * @param heuristicMs the route's default TTL; null turns heuristic freshness off
   */
  public static long lifetimeMillis(int status, MultiMap headers, CacheControl cc, Long heuristicMs,
                                    long responseTime) {
    long sMaxAge = cc.sMaxAge();
    if (sMaxAge != CacheControl.ABSENT) {
      return sMaxAge * 1000;
    }
    long maxAge = cc.maxAge();
    if (maxAge != CacheControl.ABSENT) {
      return maxAge * 1000;
    }
    // More than one Expires: the first counts (§4.2.1).
    String expires = headers.get(HttpHeaders.EXPIRES);
    if (expires != null) {
      long expiresAt = HttpDates.parseMillis(expires, Long.MIN_VALUE);
      if (expiresAt == Long.MIN_VALUE) {
        return 0;
      }
      long date = HttpDates.parseMillis(headers.get(HttpHeaders.DATE), responseTime);
      return Math.max(0, expiresAt - date);
    }
    if (heuristicMs != null && (HEURISTICALLY_CACHEABLE.contains(status) || cc.isPublic())) {
      return heuristicMs;
    }
    return 0;
  }

  /**
   * The age a response had when it was received, the {@code corrected_initial_age} of §4.2.3: the larger of what the
   * clocks say ({@code response_time - date_value}) and what the path says ({@code Age} plus the time the request
   * took).
   *
   * @param requestTime  when the request that got this response was sent
   * @param responseTime when the response was received
   */
  public static long initialAgeMillis(MultiMap headers, long requestTime, long responseTime) {
    long date = HttpDates.parseMillis(headers.get(HttpHeaders.DATE), responseTime);
    long apparentAge = Math.max(0, responseTime - date);
    long ageValue = ageValueSeconds(headers.get(HttpHeaders.AGE));
    long responseDelay = Math.max(0, responseTime - requestTime);
    long correctedAgeValue = ageValue * 1000 + responseDelay;
    return Math.max(apparentAge, correctedAgeValue);
  }

  /** {@code current_age} of §4.2.3: the initial age plus the time the response has been stored. */
  public static long currentAgeMillis(long initialAgeMillis, long responseTime, long now) {
    return initialAgeMillis + Math.max(0, now - responseTime);
  }

  /**
   * The {@code Age} field's value: its first line's first list member (an origin or cache that sent a list gave its
   * oldest statement first), 0 when absent or not a delta-seconds.
   */
  static long ageValueSeconds(String age) {
    if (age == null) {
      return 0;
    }
    int comma = age.indexOf(',');
    long seconds = CacheControl.deltaSeconds((comma < 0 ? age : age.substring(0, comma)).trim());
    return seconds == CacheControl.ABSENT ? 0 : seconds;
  }

  /** The value of an {@code Age} header for an age in milliseconds: whole seconds, rounded down. */
  public static String ageHeader(long ageMillis) {
    return Long.toString(Math.min(ageMillis / 1000, CacheControl.MAX_DELTA_SECONDS));
  }
}
