package dev.pharos.edge.cache;

/**
 * Where a request's responses are stored: the primary key is the absolute URL the client asked for
 * ({@code scheme://host/path?query}, the host lower case without port, the query as the route's key options say), and
 * {@code headerPart} the values of the route's key headers, which the stored variants must match besides their Vary.
 *
 * @param routeId the route the request matched, kept with the entry for purges by route
 */
public record CacheKey(String url, String headerPart, String routeId) {

  /** The key under which concurrent misses collapse: one origin fetch per URL and key headers. */
  public String flightKey() {
    return headerPart.isEmpty() ? url : url + '\n' + headerPart;
  }
}
