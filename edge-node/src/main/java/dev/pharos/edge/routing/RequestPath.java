package dev.pharos.edge.routing;

/**
 * A request target split into its normalised path and its raw query.
 *
 * @param query the part after '?', or null when there is none
 */
public record RequestPath(String path, String query) {

  /**
   * Parses an origin-form request target ({@code /a/b?q}) and normalises its path (dot-segments removed). Returns
   * null when the target is not a valid origin-form path, which the caller answers with 400.
   */
  public static RequestPath parse(String uri) {
    // Placeholder, replaced by the routing work: no normalisation yet.
    if (uri == null || uri.isEmpty() || uri.charAt(0) != '/') {
      return null;
    }
    int q = uri.indexOf('?');
    return q < 0 ? new RequestPath(uri, null) : new RequestPath(uri.substring(0, q), uri.substring(q + 1));
  }
}
