package dev.pharos.edge.cache.http;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The secondary cache key of RFC 9111 §4.1: the request's values of the fields a response names in {@code Vary},
 * normalised so that requests that mean the same share an entry. Values are combined over field lines, elements
 * trimmed and inner whitespace collapsed; {@code Accept-Encoding} is reduced to its accepted codings, lower case and
 * sorted, since their order and q-values other than 0 do not change which coding the origin may choose among those
 * offered. A field the request lacks matches only a request that lacks it too.
 */
public final class Vary {

  private static final String ACCEPT_ENCODING = "accept-encoding";

  private Vary() {
  }

  /** The field names the response's {@code Vary} lines list, lower case, sorted, without duplicates. */
  public static List<String> names(MultiMap responseHeaders) {
    TreeSet<String> names = new TreeSet<>();
    for (String line : responseHeaders.getAll(HttpHeaders.VARY)) {
      for (String name : line.split(",")) {
        String trimmed = name.trim().toLowerCase(Locale.ROOT);
        if (!trimmed.isEmpty()) {
          names.add(trimmed);
        }
      }
    }
    return List.copyOf(names);
  }

  /** The key of the request's variant for {@code names}; "" when there are none. */
  public static String secondaryKey(List<String> names, MultiMap requestHeaders) {
    if (names.isEmpty()) {
      return "";
    }
    StringBuilder key = new StringBuilder();
    for (String name : names) {
      List<String> lines = requestHeaders.getAll(name);
      key.append(name);
      if (lines.isEmpty()) {
        key.append('\u0000');
      } else {
        key.append(':').append(name.equals(ACCEPT_ENCODING) ? acceptEncoding(lines) : combined(lines));
      }
      key.append('\n');
    }
    return key.toString();
  }

  private static String combined(List<String> lines) {
    List<String> elements = new ArrayList<>();
    for (String line : lines) {
      for (String element : line.split(",")) {
        String normal = element.trim().replaceAll("[ \t]+", " ");
        if (!normal.isEmpty()) {
          elements.add(normal);
        }
      }
    }
    return String.join(",", elements);
  }

  static String acceptEncoding(List<String> lines) {
    TreeSet<String> codings = new TreeSet<>();
    for (String line : lines) {
      for (String element : line.split(",")) {
        String[] parts = element.split(";");
        String coding = parts[0].trim().toLowerCase(Locale.ROOT);
        if (!coding.isEmpty() && !refused(parts)) {
          codings.add(coding.equals("x-gzip") ? "gzip" : coding);
        }
      }
    }
    return String.join(",", codings);
  }

  private static boolean refused(String[] parts) {
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].trim().toLowerCase(Locale.ROOT);
      if (parameter.startsWith("q=")) {
        try {
          return Double.parseDouble(parameter.substring(2).trim()) <= 0;
        } catch (NumberFormatException e) {
          return false;
        }
      }
    }
    return false;
  }
}
