package dev.pharos.edge.upstream;

import dev.pharos.model.StickySession;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The sticky sessions of one upstream: which target a request's cookie pins it to, and the cookie that pins a client
 * to a target. Every cookie value is computed when the table is compiled ({@link StickyKey#token}), so a request costs
 * one cookie lookup and one map probe, and no MAC.
 *
 * <p>A cookie is honoured only if it is exactly the value this node would issue for a target that is still in the
 * upstream with a weight above 0, and healthy (unless the upstream panics): a forged, stale or foreign cookie finds
 * nothing, the request is balanced normally, and its response carries a fresh cookie.
 */
public final class StickySessions {

  private final String cookieName;
  // Lookups compare a client-chosen string with tokens; only a full 128-bit match finds an endpoint, and hash-map
  // probing reveals nothing useful about how close a guess came.
  private final Map<String, Endpoint> byToken = new HashMap<>();
  private final Map<Endpoint, String> setCookies = new IdentityHashMap<>();
  private final Predicate<Endpoint> usable;

  /**
   * @param endpoints targets with weight above 0
   * @param usable    whether a request may go to an endpoint now; a cookie naming one it may not is ignored
   */
  StickySessions(String upstreamId, StickySession config, Endpoint[] endpoints, StickyKey key,
                 Predicate<Endpoint> usable) {
    this.cookieName = config.cookie();
    this.usable = usable;
    for (Endpoint endpoint : endpoints) {
      String token = key.token(upstreamId, endpoint.target().address());
      byToken.put(token, endpoint);
      setCookies.put(endpoint, cookieName + "=" + token + "; Max-Age=" + config.ttlSeconds()
        + "; Path=/; HttpOnly; SameSite=Lax");
    }
  }

  /** The endpoint the request's cookie validly names, or null, also when that endpoint is unhealthy. */
  public Endpoint pinned(RequestFacts request) {
    String token = request.cookie(cookieName);
    Endpoint endpoint = token == null ? null : byToken.get(token);
    return endpoint != null && usable.test(endpoint) ? endpoint : null;
  }

  /** The {@code Set-Cookie} header value that pins a client to {@code endpoint}, one of this upstream's. */
  public String setCookie(Endpoint endpoint) {
    return setCookies.get(endpoint);
  }
}
