package dev.pharos.edge.proxy;

import io.vertx.core.net.HostAndPort;

/**
 * The authority and target a request is routed by. An absolute-form target ({@code http://host/path}) names its own
 * authority, which overrides {@code Host} (RFC 9112 §3.2.2); any other target is routed by {@code Host}.
 *
 * @param authority  the authority to route by, or null when the request names none
 * @param originForm the target without scheme and authority: a path and query for origin-form and absolute-form, as
 *                   received otherwise (authority-form, asterisk-form), which no route matches
 */
record RequestTarget(HostAndPort authority, String originForm) {

  private static final String SCHEME_END = "://";

  /**
   * @param host the authority {@code Host} names, or null
   * @return null when {@code uri} is absolute-form but not {@code http} or {@code https}, or its authority carries user
   *     information, has an empty host or does not parse (RFC 9110 §4.2.1, §4.2.4)
   */
  static RequestTarget of(String uri, HostAndPort host) {
    int schemeEnd = uri.indexOf(SCHEME_END);
    if (uri.startsWith("/") || schemeEnd < 0) {
      return new RequestTarget(host, uri);
    }
    String scheme = uri.substring(0, schemeEnd);
    if (!scheme.equalsIgnoreCase("http") && !scheme.equalsIgnoreCase("https")) {
      return null;
    }
    int start = schemeEnd + SCHEME_END.length();
    int end = start;
    while (end < uri.length() && uri.charAt(end) != '/' && uri.charAt(end) != '?') {
      end++;
    }
    String authority = uri.substring(start, end);
    HostAndPort parsed = authority.indexOf('@') >= 0 ? null : HostAndPort.parseAuthority(authority, -1);
    if (parsed == null || parsed.host().isEmpty()) {
      return null;
    }
    String rest = uri.substring(end);
    return new RequestTarget(parsed, rest.startsWith("/") ? rest : "/" + rest);
  }
}
