package dev.pharos.model;

import java.util.Locale;
import java.util.Objects;

/**
 * The part of a request that a {@link LoadBalancing#CONSISTENT_HASH} upstream hashes to choose a target. Its JSON form
 * is {@code "ip"} (the client's address as the edge sees it, never {@code X-Forwarded-For}, which clients write),
 * {@code "header:NAME"} (the first value of a header, the name stored in lower case) or {@code "cookie:NAME"}.
 *
 * @param source where the key comes from
 * @param name   the header or cookie name, an RFC 9110 token; null for {@link Source#IP}
 */
public record HashOn(Source source, String name) {

  /** Where a request's hash key comes from. */
  public enum Source { IP, HEADER, COOKIE }

  public static final HashOn IP = new HashOn(Source.IP, null);

  static final String RULE = "ip, header:NAME or cookie:NAME";

  public HashOn {
    Objects.requireNonNull(source, "source");
    if ((source == Source.IP) != (name == null)) {
      throw ValidationException.of("hashOn", source + (name == null ? " needs a name" : " takes no name"));
    }
    if (name != null && !HttpTokens.isToken(name)) {
      throw ValidationException.of("hashOn", "'" + name + "' is not a header or cookie name");
    }
    if (source == Source.HEADER) {
      name = name.toLowerCase(Locale.ROOT);
    }
  }

  public static HashOn header(String name) {
    return new HashOn(Source.HEADER, name);
  }

  public static HashOn cookie(String name) {
    return new HashOn(Source.COOKIE, name);
  }

  public String jsonName() {
    return switch (source) {
      case IP -> "ip";
      case HEADER -> "header:" + name;
      case COOKIE -> "cookie:" + name;
    };
  }

  /** @return the parsed form, or null when {@code text} is not one of the three forms */
  static HashOn parse(String text) {
    if (text.equals("ip")) {
      return IP;
    }
    int colon = text.indexOf(':');
    String name = text.substring(colon + 1);
    if (colon < 0 || !HttpTokens.isToken(name)) {
      return null;
    }
    return switch (text.substring(0, colon)) {
      case "header" -> header(name);
      case "cookie" -> cookie(name);
      default -> null;
    };
  }
}
