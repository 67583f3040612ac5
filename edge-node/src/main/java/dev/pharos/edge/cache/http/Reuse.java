package dev.pharos.edge.cache.http;

/**
 * Whether a stored response may answer a request without asking the origin (RFC 9111 §4, §4.2.4, §5.2.1, and RFC 5861
 * for {@code stale-while-revalidate} and {@code stale-if-error}).
 */
public enum Reuse {
  /** Fresh enough for the request: serve it. */
  FRESH,
  /** Stale, but the request's {@code max-stale} accepts it: serve it. */
  STALE_ACCEPTED,
  /** Stale within the response's {@code stale-while-revalidate}: serve it and refresh it in the background. */
  STALE_WHILE_REVALIDATE,
  /** Not usable as it is: validate it with the origin (or fetch anew when it has no validator). */
  REVALIDATE;

  /**
   * @param lifetimeMs   the stored response's freshness lifetime
   * @param ageMs        its current age
   * @param responseCc   its {@code Cache-Control}
   * @param requestCc    the request's {@code Cache-Control}
   * @param pragmaNoCache whether the request has {@code Pragma: no-cache} and no {@code Cache-Control} (§5.4)
   */
  public static Reuse decide(long lifetimeMs, long ageMs, CacheControl responseCc, CacheControl requestCc,
                             boolean pragmaNoCache) {
    if (requestCc.has("no-cache") || pragmaNoCache || responseCc.noCache()) {
      return REVALIDATE;
    }
    long maxAge = requestCc.maxAge();
    if (maxAge != CacheControl.ABSENT && ageMs > maxAge * 1000) {
      return REVALIDATE;
    }
    if (ageMs < lifetimeMs) {
      long minFresh = requestCc.minFresh();
      return minFresh != CacheControl.ABSENT && lifetimeMs - ageMs < minFresh * 1000 ? REVALIDATE : FRESH;
    }
    if (staleForbidden(responseCc)) {
      return REVALIDATE;
    }
    long staleness = ageMs - lifetimeMs;
    long maxStale = requestCc.maxStale();
    if (maxStale != CacheControl.ABSENT && (maxStale == Long.MAX_VALUE || staleness <= maxStale * 1000)) {
      return STALE_ACCEPTED;
    }
    long swr = responseCc.staleWhileRevalidate();
    if (swr != CacheControl.ABSENT && staleness <= swr * 1000) {
      return STALE_WHILE_REVALIDATE;
    }
    return REVALIDATE;
  }

  /**
   * Whether a stale response may answer when the origin failed (5xx or no answer): within the response's or the
   * request's {@code stale-if-error}, and not forbidden by {@link #staleForbidden}.
   */
  public static boolean staleIfError(long lifetimeMs, long ageMs, CacheControl responseCc, CacheControl requestCc) {
    if (staleForbidden(responseCc) || responseCc.noCache()) {
      return false;
    }
    long window = Math.max(responseCc.staleIfError(), requestCc.staleIfError());
    return window != CacheControl.ABSENT && ageMs - lifetimeMs <= window * 1000;
  }

  /** §4.2.4: must-revalidate, proxy-revalidate and s-maxage (which implies proxy-revalidate) forbid stale use. */
  public static boolean staleForbidden(CacheControl responseCc) {
    return responseCc.mustRevalidate() || responseCc.proxyRevalidate()
      || responseCc.sMaxAge() != CacheControl.ABSENT;
  }

  /**
   * How long past its freshness a stored response can still be of use: its stale windows, and when it has a validator,
   * {@code revalidationWindowMs} to answer conditional requests with. 0 when it is of no use once stale.
   */
  public static long staleWindowMillis(CacheControl responseCc, boolean hasValidator, long revalidationWindowMs) {
    long window = hasValidator ? revalidationWindowMs : 0;
    if (!staleForbidden(responseCc)) {
      window = Math.max(window, Math.max(responseCc.staleWhileRevalidate(), responseCc.staleIfError()) * 1000);
    }
    return window;
  }
}
