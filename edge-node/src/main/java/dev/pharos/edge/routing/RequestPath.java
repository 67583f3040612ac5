package dev.pharos.edge.routing;

/**
 * A request target split into its normalised path and its raw query.
 *
 * <p>The path a route matches is the path the upstream receives, so it is normalised here, once, before matching.
 * Otherwise {@code /public/../admin} or {@code /public/%2e%2e/admin} could match a {@code /public} route and still
 * reach {@code /admin} on a backend that normalises for itself.
 *
 * @param path  the normalised path, starting with '/'
 * @param query the part after '?', byte for byte as received, or null when there is none
 */
public record RequestPath(String path, String query) {

  /**
   * Parses an origin-form request target ({@code /a/b?q}) and normalises its path:
   * <ol>
   *   <li>percent-encoded unreserved characters (ALPHA DIGIT {@code - . _ ~}) are decoded, and the hex digits of the
   *   other percent-encodings are upper-cased ({@code %2f} becomes {@code %2F} and stays encoded, so it never
   *   separates segments);</li>
   *   <li>repeated slashes are merged;</li>
   *   <li>{@code .} and {@code ..} segments are removed (RFC 3986 §5.2.4), after decoding, so {@code %2e%2e} counts;
   *   a {@code ..} at the root stays at the root ({@code /../a} becomes {@code /a}).</li>
   * </ol>
   *
   * <p>Returns null, which the caller answers with 400, when the target does not start with '/' (absolute-form,
   * authority-form, asterisk-form), contains a control character, a space, a non-ASCII character or a '#', has an
   * invalid or NUL ({@code %00}) percent-encoding in its path, or has a backslash in its path (some backends read it
   * as a '/', which would bring back the ambiguity normalising removes).
   */
  public static RequestPath parse(String uri) {
    if (uri == null || uri.isEmpty() || uri.charAt(0) != '/') {
      return null;
    }
    int queryStart = -1;
    boolean normal = true;
    for (int i = 0; i < uri.length(); i++) {
      char c = uri.charAt(i);
      if (c <= ' ' || c >= 0x7f || c == '#') {
        return null;
      }
      if (queryStart < 0) {
        if (c == '?') {
          queryStart = i;
        } else if (c == '\\') {
          return null;
        } else if (c == '%' || c == '/' && i + 1 < uri.length() && isSlashOrDot(uri.charAt(i + 1))) {
          normal = false;
        }
      }
    }
    String rawPath = queryStart < 0 ? uri : uri.substring(0, queryStart);
    String query = queryStart < 0 ? null : uri.substring(queryStart + 1);
    String path = normal ? rawPath : normalize(rawPath);
    return path == null ? null : new RequestPath(path, query);
  }

  private static boolean isSlashOrDot(char c) {
    return c == '/' || c == '.';
  }

  /** Returns null when a percent-encoding is invalid or encodes NUL. */
  static String normalize(String path) {
    String decoded = decodeUnreserved(path);
    return decoded == null ? null : removeDotSegments(decoded);
  }

  private static String decodeUnreserved(String path) {
    StringBuilder out = new StringBuilder(path.length());
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c != '%') {
        out.append(c);
        continue;
      }
      int hi = i + 2 < path.length() ? Character.digit(path.charAt(i + 1), 16) : -1;
      int lo = hi < 0 ? -1 : Character.digit(path.charAt(i + 2), 16);
      if (lo < 0) {
        return null;
      }
      char decoded = (char) (hi << 4 | lo);
      if (decoded == 0) {
        return null;
      }
      if (isUnreserved(decoded)) {
        out.append(decoded);
      } else {
        out.append('%')
          .append(Character.toUpperCase(path.charAt(i + 1)))
          .append(Character.toUpperCase(path.charAt(i + 2)));
      }
      i += 2;
    }
    return out.toString();
  }

  private static boolean isUnreserved(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
      || c == '-' || c == '.' || c == '_' || c == '~';
  }

  /**
   * Walks the segments of an absolute path, dropping empty and '.' segments and letting '..' remove the segment
   * before it. A path whose last segment is empty, '.' or '..' keeps a trailing slash, as in RFC 3986.
   */
  private static String removeDotSegments(String path) {
    StringBuilder out = new StringBuilder(path.length());
    int start = 1;
    while (start <= path.length()) {
      int end = path.indexOf('/', start);
      boolean last = end < 0;
      if (last) {
        end = path.length();
      }
      int length = end - start;
      boolean dot = length == 1 && path.charAt(start) == '.';
      boolean dotDot = length == 2 && path.charAt(start) == '.' && path.charAt(start + 1) == '.';
      if (dotDot) {
        out.setLength(Math.max(0, out.lastIndexOf("/")));
      }
      if (length == 0 || dot || dotDot) {
        if (last) {
          out.append('/');
        }
      } else {
        out.append(path, start - 1, end);
      }
      start = end + 1;
    }
    return out.toString();
  }
}
