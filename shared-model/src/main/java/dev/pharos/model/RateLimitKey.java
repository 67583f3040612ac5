package dev.pharos.model;

import java.util.Locale;
import java.util.Objects;

/**
 * One part of the key a {@link RateLimitRule} counts requests by. Its JSON form is {@code "ip"} (the client's address
 * as the edge sees it, never {@code X-Forwarded-For}, which clients write), {@code "header:NAME"} (the first value of
 * a header, the name stored in lower case; a request without it counts under the empty value) or {@code "route"} (one
 * count for the whole route).
 *
 * @param source where the part comes from
 * @param name   the header name, an RFC 9110 token; null unless {@link Source#HEADER}
 */
public record RateLimitKey(Source source, String name) {

  /** Where a key part comes from. */
  public enum Source { IP, HEADER, ROUTE }

  public static final RateLimitKey IP = new RateLimitKey(Source.IP, null);
  public static final RateLimitKey ROUTE = new RateLimitKey(Source.ROUTE, null);

  static final String RULE = "ip, route or header:NAME";

  public RateLimitKey {
    Objects.requireNonNull(source, "source");
    if ((source == Source.HEADER) != (name != null)) {
      throw ValidationException.of("key", source + (name == null ? " needs a name" : " takes no name"));
    }
    if (name != null) {
      if (!HttpTokens.isToken(name)) {
        throw ValidationException.of("key", "'" + name + "' is not a header name");
      }
      name = name.toLowerCase(Locale.ROOT);
    }
  }

  public static RateLimitKey header(String name) {
    return new RateLimitKey(Source.HEADER, name);
  }

  public String jsonName() {
    return switch (source) {
      case IP -> "ip";
      case ROUTE -> "route";
      case HEADER -> "header:" + name;
    };
  }

  /** @return the parsed form, or null when {@code text} is not one of the three forms */
  static RateLimitKey parse(String text) {
    if (text.equals("ip")) {
      return IP;
    }
    if (text.equals("route")) {
      return ROUTE;
    }
    if (text.startsWith("header:") && HttpTokens.isToken(text.substring(7))) {
      return header(text.substring(7));
    }
    return null;
  }
}
