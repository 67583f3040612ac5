package dev.pharos.edge.proxy;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.httpproxy.ProxyResponse;

import java.util.List;
import java.util.Locale;

/**
 * Keeps an origin's {@code Cache-Control} away from vertx-http-proxy's own parser, which fails the whole exchange (a
 * 502) on a {@code max-age} it cannot read as an int ({@code max-age="60"}, {@code max-age=2147483648},
 * {@code max-age= 60}, ...): such lines are moved aside before the library reads the response, and put back as they
 * were before any stage sees it. So a malformed directive never turns into an error; the cache reads it leniently.
 */
final class OriginCacheControl {

  static final String ASIDE = "x-pharos-origin-cache-control";

  private OriginCacheControl() {
  }

  /** Called when the origin's response head arrives, before the library reads it. */
  static void setAsideIfUnreadable(HttpClientResponse response) {
    MultiMap headers = response.headers();
    List<String> lines = headers.getAll(HttpHeaders.CACHE_CONTROL);
    if (!lines.isEmpty() && !libraryCanRead(lines.get(0))) {
      headers.remove(HttpHeaders.CACHE_CONTROL);
      headers.add(ASIDE, lines);
    }
  }

  /** Called on the library's response before any stage reads it. */
  static void restore(ProxyResponse response) {
    MultiMap headers = response.headers();
    List<String> lines = headers.getAll(ASIDE);
    if (!lines.isEmpty()) {
      headers.remove(ASIDE);
      headers.set("Cache-Control", lines);
    }
  }

  /** The library's reading: each comma-separated part, trimmed and lower case, that starts with max-age=. */
  static boolean libraryCanRead(String line) {
    for (String part : line.split(",")) {
      String directive = part.trim().toLowerCase(Locale.ROOT);
      if (directive.startsWith("max-age=")) {
        try {
          Integer.parseInt(directive.substring(8));
        } catch (NumberFormatException e) {
          return false;
        }
      }
    }
    return true;
  }
}
