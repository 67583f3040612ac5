package dev.pharos.edge.cache;

import dev.pharos.model.CachePolicy;
import io.vertx.core.MultiMap;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Builds cache keys from requests, and the same canonical URLs from the URLs an operator purges: scheme and host lower
 * case, no port (routes match hosts without ports), the path as the edge normalised it, the query as the route's
 * {@link CachePolicy#query()} says.
 */
public final class CacheKeys {

  private CacheKeys() {
  }

  /**
   * @param host  the request's host, without port
   * @param path  the normalised path the client asked for (before any stripPrefix)
   * @param query the raw query, null when there is none
   */
  public static CacheKey of(String routeId, CachePolicy policy, String scheme, String host, String path, String query,
                            MultiMap requestHeaders) {
    StringBuilder url = new StringBuilder(scheme.length() + host.length() + path.length() + 16)
      .append(scheme).append("://").append(host.toLowerCase(Locale.ROOT)).append(path);
    if (query != null && !query.isEmpty()) {
      switch (policy.query()) {
        case CachePolicy.QUERY_KEEP -> url.append('?').append(query);
        case CachePolicy.QUERY_SORT -> url.append('?').append(sortParameters(query));
        default -> {
        }
      }
    }
    String headerPart = "";
    if (!policy.keyHeaders().isEmpty()) {
      StringBuilder part = new StringBuilder();
      for (String name : policy.keyHeaders()) {
        part.append(name).append(':').append(String.join(",", requestHeaders.getAll(name))).append('\n');
      }
      headerPart = part.toString();
    }
    return new CacheKey(url.toString(), headerPart, routeId);
  }

  /** The key form of an absolute URL (purged, or invalidated by Location); the URL as given when it cannot be parsed. */
  public static String canonicalUrl(String url) {
    try {
      URI uri = new URI(url);
      if (uri.getScheme() == null || uri.getHost() == null) {
        return url;
      }
      String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
      String query = uri.getRawQuery();
      return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT) + path
        + (query == null ? "" : "?" + query);
    } catch (URISyntaxException e) {
      return url;
    }
  }

  /** The URL with its query parameters sorted, as routes with {@code query: sort} key it. */
  static String sortedQuery(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q + 1) + sortParameters(url.substring(q + 1));
  }

  private static String sortParameters(String query) {
    String[] parameters = query.split("&");
    Arrays.sort(parameters);
    return String.join("&", parameters);
  }
}
