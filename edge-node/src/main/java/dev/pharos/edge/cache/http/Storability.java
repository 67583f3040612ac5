package dev.pharos.edge.cache.http;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;

/**
 * Whether a shared cache may store a response (RFC 9111 §3), with the route's say on {@code Set-Cookie}. Only GET
 * responses are stored; a HEAD is answered from the stored GET.
 */
public final class Storability {

  private Storability() {
  }

  /**
   * @return null when the response may be stored, otherwise why not, in a few words for logs and tests
   */
  public static String whyNot(String method, MultiMap requestHeaders, CacheControl requestCc, int status,
                              MultiMap responseHeaders, CacheControl responseCc, boolean allowSetCookie) {
    if (!method.equals("GET")) {
      return "method " + method;
    }
    if (status < 200 || status == 206 || status == 304) {
      return "status " + status;
    }
    if (requestHeaders.contains("Range")) {
      return "range request";
    }
    if (requestCc.noStore() || responseCc.noStore()) {
      return "no-store";
    }
    if (responseCc.isPrivate()) {
      return "private";
    }
    // §3.5: a shared cache stores a response to an authenticated request only when the response says it may.
    if (requestHeaders.contains(HttpHeaders.AUTHORIZATION) && !responseCc.isPublic() && !responseCc.mustRevalidate()
      && responseCc.sMaxAge() == CacheControl.ABSENT) {
      return "authorization";
    }
    if (!allowSetCookie && responseHeaders.contains(HttpHeaders.SET_COOKIE)) {
      return "set-cookie";
    }
    if (Vary.names(responseHeaders).contains("*")) {
      return "vary *";
    }
    boolean explicit = responseCc.isPublic() || responseCc.maxAge() != CacheControl.ABSENT
      || responseCc.sMaxAge() != CacheControl.ABSENT || responseHeaders.contains(HttpHeaders.EXPIRES);
    if (!explicit && !Freshness.HEURISTICALLY_CACHEABLE.contains(status)) {
      return "no explicit freshness and status " + status + " not heuristically cacheable";
    }
    return null;
  }

  /** Whether the response carries a validator a later conditional request can use. */
  public static boolean hasValidator(MultiMap responseHeaders) {
    return responseHeaders.contains(HttpHeaders.ETAG) || responseHeaders.contains(HttpHeaders.LAST_MODIFIED);
  }
}
