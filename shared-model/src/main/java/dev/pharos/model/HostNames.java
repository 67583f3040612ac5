package dev.pharos.model;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Host names as routes and targets use them: lower case, no port, no trailing dot.
 */
public final class HostNames {

  private static final Pattern HOSTNAME =
    Pattern.compile("(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*");
  private static final Pattern IPV6_LITERAL = Pattern.compile("\\[[0-9a-f:.]+]");

  private HostNames() {
  }

  /** True for a DNS name or IPv4 address, or a bracketed IPv6 literal, already in lower case. */
  public static boolean isValid(String host) {
    return HOSTNAME.matcher(host).matches() || IPV6_LITERAL.matcher(host).matches();
  }

  /**
   * The host part of a {@code Host} header or authority, normalised for matching: port removed, lower case, trailing
   * dot removed. Returns an empty string for a missing host.
   */
  public static String normalize(String authority) {
    if (authority == null || authority.isEmpty()) {
      return "";
    }
    String host = authority;
    if (host.charAt(0) == '[') {
      int end = host.indexOf(']');
      host = end < 0 ? host : host.substring(0, end + 1);
    } else {
      int colon = host.lastIndexOf(':');
      if (colon >= 0) {
        host = host.substring(0, colon);
      }
    }
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    return host.toLowerCase(Locale.ROOT);
  }
}
