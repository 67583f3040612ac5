package dev.pharos.admin;

import dev.pharos.model.FieldError;
import dev.pharos.model.ValidationException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The cache endpoints: a purge by one of URL, prefix, tag or route, answered once every member dropped its copies;
 * and the cache's statistics.
 */
final class CacheHandlers {

  static final int MAX_VALUE_LENGTH = 8192;
  private static final Map<String, CachePurge.Kind> FIELDS = Map.of("url", CachePurge.Kind.URL,
    "prefix", CachePurge.Kind.PREFIX, "tag", CachePurge.Kind.TAG, "route", CachePurge.Kind.ROUTE);

  private final CacheAdmin cache;

  CacheHandlers(CacheAdmin cache) {
    this.cache = cache;
  }

  /** Body: exactly one of {@code {"url"}}, {@code {"prefix"}}, {@code {"tag"}}, {@code {"route"}}. */
  Future<JsonObject> purge(RoutingContext ctx) {
    CachePurge purge = parse(JsonBodyHandler.object(ctx));
    return cache.purge(purge).map(count -> new JsonObject()
      .put(purge.kind().name().toLowerCase(Locale.ROOT), purge.value())
      .put("purged", count));
  }

  Future<JsonObject> stats(RoutingContext ctx) {
    return cache.stats();
  }

  static CachePurge parse(JsonObject body) {
    List<FieldError> errors = new ArrayList<>();
    List<String> given = new ArrayList<>();
    for (String name : body.fieldNames()) {
      if (!FIELDS.containsKey(name)) {
        errors.add(new FieldError(name, "unknown field"));
      } else {
        given.add(name);
      }
    }
    if (given.size() != 1 && errors.isEmpty()) {
      errors.add(new FieldError("$", given.isEmpty() ? "expected one of url, prefix, tag, route"
        : "expected only one of url, prefix, tag, route (got " + String.join(", ", given.stream().sorted().toList())
        + ")"));
    }
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    String field = given.get(0);
    CachePurge.Kind kind = FIELDS.get(field);
    Object value = body.getValue(field);
    if (!(value instanceof String s) || s.isBlank() || s.length() > MAX_VALUE_LENGTH) {
      throw ValidationException.of(field, "expected a non-empty string of at most " + MAX_VALUE_LENGTH
        + " characters");
    }
    if (kind == CachePurge.Kind.URL && !isHttpUrl(s)) {
      throw ValidationException.of(field, "'" + s + "' (expected: an absolute http or https URL with a host, such as "
        + "http://shop.example/path)");
    }
    if (kind == CachePurge.Kind.PREFIX && !isHttpUrl(s) && !isPath(s)) {
      throw ValidationException.of(field, "'" + s + "' (expected: an absolute http or https URL with a host, such as "
        + "http://shop.example/items/, or a path starting with '/' for every host)");
    }
    return new CachePurge(kind, s);
  }

  private static boolean isPath(String value) {
    return value.startsWith("/") && value.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '#');
  }

  private static boolean isHttpUrl(String value) {
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme();
      return scheme != null && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        && uri.getHost() != null && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
