package dev.pharos.edge.cache.http;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which stored responses an unsafe request invalidates (RFC 9111 §4.4): when its response is a success or a
 * redirect, the target URI, and the URIs in {@code Location} and {@code Content-Location} when they have the same
 * origin (so that one site cannot purge another's entries).
 */
public final class Invalidation {

  private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

  private Invalidation() {
  }

  public static boolean invalidates(String method, int status) {
    return !SAFE.contains(method) && status >= 200 && status < 400;
  }

  /**
   * @param target the request's absolute URI, {@code scheme://host[:port]/path[?query]}
   * @return the absolute URIs to invalidate, the target first
   */
  public static List<URI> uris(URI target, MultiMap responseHeaders) {
    List<URI> uris = new ArrayList<>();
    uris.add(target);
    for (CharSequence name : List.of(HttpHeaders.LOCATION, HttpHeaders.CONTENT_LOCATION)) {
      String value = responseHeaders.get(name);
      if (value == null) {
        continue;
      }
      try {
        URI resolved = target.resolve(value.trim());
        if (sameOrigin(target, resolved) && !uris.contains(resolved)) {
          uris.add(resolved);
        }
      } catch (IllegalArgumentException e) {
        // Not a URI reference: nothing to invalidate for it.
      }
    }
    return uris;
  }

  private static boolean sameOrigin(URI a, URI b) {
    return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
      && a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost()) && a.getPort() == b.getPort();
  }
}
