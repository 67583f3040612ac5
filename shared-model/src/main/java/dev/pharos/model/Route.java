package dev.pharos.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Sends the requests that match it to an upstream.
 *
 * <p>A request matches when its host matches one of {@code hosts} (an exact name, or {@code *.suffix} for any name
 * ending in {@code .suffix}; an empty list matches every host), its path starts with {@code pathPrefix} at a segment
 * boundary ({@code /api} matches {@code /api} and {@code /api/x}, not {@code /apix}; a prefix ending in {@code /}
 * matches anything under it), and its method is in {@code methods} (empty means any method).
 *
 * @param hosts       lower-case host patterns, sorted, no duplicates
 * @param methods     upper-case method names, sorted, no duplicates
 * @param stripPrefix  remove {@code pathPrefix} from the path before forwarding ({@code /api/users} becomes
 *                     {@code /users})
 * @param maxBodyBytes the largest request body the route forwards, 1..{@value #MAX_BODY_BYTES_LIMIT}; null leaves it to
 *                     the node's default
 * @param retries      when a failed attempt is sent again to another target; null means {@link Retries#DEFAULTS}
 * @param rateLimit    the limits every request of the route must pass; null means none
 * @param httpsRedirect answer cleartext requests with 308 to the same URL on https instead of forwarding them
 * @param hsts          the {@code Strict-Transport-Security} header sent on the route's HTTPS answers; null sends none
 * @param webSocketIdleTimeoutMs how long a proxied WebSocket may carry no frame either way before the edge closes it,
 *                     1..{@value #MAX_WEBSOCKET_IDLE_TIMEOUT_MS}; null leaves it to the node's default
 * @param cache        how the route's responses are cached; null means they are not
 */
public record Route(String id, List<String> hosts, String pathPrefix, List<String> methods, String upstream,
                    boolean stripPrefix, Timeouts timeouts, Long maxBodyBytes, Retries retries,
                    RateLimit rateLimit, boolean httpsRedirect, Hsts hsts, Long webSocketIdleTimeoutMs,
                    CachePolicy cache) {

  public static final Set<String> METHODS =
    Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");
  public static final int MAX_PATH_PREFIX_LENGTH = 1024;
  public static final long MAX_BODY_BYTES_LIMIT = 1L << 40;
  public static final long MAX_WEBSOCKET_IDLE_TIMEOUT_MS = 86_400_000L;

  // RFC 3986 path characters (pchar and '/'), percent-encodings included.
  private static final Pattern PATH = Pattern.compile("/([A-Za-z0-9\\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})*");

  public Route {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(upstream, "upstream");
    Objects.requireNonNull(timeouts, "timeouts");
    hosts = List.copyOf(new TreeSet<>(hosts));
    methods = List.copyOf(new TreeSet<>(methods));
    List<FieldError> errors = new ArrayList<>();
    validate(id, hosts, pathPrefix, methods, upstream, "", errors);
    JsonFields.throwIfAny(errors);
    if (maxBodyBytes != null) {
      Ranges.requireInRange("maxBodyBytes", maxBodyBytes, 1, MAX_BODY_BYTES_LIMIT);
    }
    if (webSocketIdleTimeoutMs != null) {
      Ranges.requireInRange("webSocketIdleTimeoutMs", webSocketIdleTimeoutMs, 1, MAX_WEBSOCKET_IDLE_TIMEOUT_MS);
    }
  }

  /** A route without rate limits, HTTPS redirect, HSTS, a WebSocket idle timeout of its own or caching. */
  public Route(String id, List<String> hosts, String pathPrefix, List<String> methods, String upstream,
               boolean stripPrefix, Timeouts timeouts, Long maxBodyBytes, Retries retries) {
    this(id, hosts, pathPrefix, methods, upstream, stripPrefix, timeouts, maxBodyBytes, retries, null, false, null,
      null, null);
  }

  /** A route with the default retries. */
  public Route(String id, List<String> hosts, String pathPrefix, List<String> methods, String upstream,
               boolean stripPrefix, Timeouts timeouts, Long maxBodyBytes) {
    this(id, hosts, pathPrefix, methods, upstream, stripPrefix, timeouts, maxBodyBytes, null);
  }

  /** A route that leaves its body limit to the node's default, with the default retries. */
  public Route(String id, List<String> hosts, String pathPrefix, List<String> methods, String upstream,
               boolean stripPrefix, Timeouts timeouts) {
    this(id, hosts, pathPrefix, methods, upstream, stripPrefix, timeouts, null, null);
  }

  public static Route of(String id, String host, String pathPrefix, String upstream) {
    return new Route(id, host == null ? List.of() : List.of(host), pathPrefix, List.of(), upstream, false,
      Timeouts.DEFAULTS);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
      .put("id", id)
      .put("hosts", new JsonArray(new ArrayList<>(hosts)))
      .put("pathPrefix", pathPrefix)
      .put("methods", new JsonArray(new ArrayList<>(methods)))
      .put("upstream", upstream)
      .put("stripPrefix", stripPrefix)
      .put("timeouts", timeouts.toJson());
    // Left out when unset, so that the ETags of routes written before the field existed stay the same.
    if (maxBodyBytes != null) {
      json.put("maxBodyBytes", maxBodyBytes);
    }
    if (retries != null) {
      json.put("retries", retries.toJson());
    }
    if (rateLimit != null) {
      json.put("rateLimit", rateLimit.toJson());
    }
    if (httpsRedirect) {
      json.put("httpsRedirect", true);
    }
    if (hsts != null) {
      json.put("hsts", hsts.toJson());
    }
    if (webSocketIdleTimeoutMs != null) {
      json.put("webSocketIdleTimeoutMs", webSocketIdleTimeoutMs);
    }
    if (cache != null) {
      json.put("cache", cache.toJson());
    }
    return json;
  }

  /** The retries that apply: the route's own, or the defaults. */
  public Retries retryPolicy() {
    return retries == null ? Retries.DEFAULTS : retries;
  }

  /** Whether the route's responses are looked up in and stored to the cache. */
  public boolean caches() {
    return cache != null && cache.enabled();
  }

  public Route withMaxBodyBytes(long maxBodyBytes) {
    return new Route(id, hosts, pathPrefix, methods, upstream, stripPrefix, timeouts, maxBodyBytes, retries,
      rateLimit, httpsRedirect, hsts, webSocketIdleTimeoutMs, cache);
  }

  public Route withRetries(Retries retries) {
    return new Route(id, hosts, pathPrefix, methods, upstream, stripPrefix, timeouts, maxBodyBytes, retries,
      rateLimit, httpsRedirect, hsts, webSocketIdleTimeoutMs, cache);
  }

  public Route withRateLimit(RateLimit rateLimit) {
    return new Route(id, hosts, pathPrefix, methods, upstream, stripPrefix, timeouts, maxBodyBytes, retries,
      rateLimit, httpsRedirect, hsts, webSocketIdleTimeoutMs, cache);
  }

  public Route withHttpsRedirect(boolean httpsRedirect) {
    return new Route(id, hosts, pathPrefix, methods, upstream, stripPrefix, timeouts, maxBodyBytes, retries,
      rateLimit, httpsRedirect, hsts, webSocketIdleTimeoutMs, cache);
  }

  public Route withHsts(Hsts hsts) {
    return new Route(id, hosts, pathPrefix, methods, upstream, stripPrefix, timeouts, maxBodyBytes, retries,
      rateLimit, httpsRedirect, hsts, webSocketIdleTimeoutMs, cache);
  }

  public Route withWebSocketIdleTimeoutMs(Long webSocketIdleTimeoutMs) {
    return new Route(id, hosts, pathPrefix, methods, upstream, stripPrefix, timeouts, maxBodyBytes, retries,
      rateLimit, httpsRedirect, hsts, webSocketIdleTimeoutMs, cache);
  }

  public Route withCache(CachePolicy cache) {
    return new Route(id, hosts, pathPrefix, methods, upstream, stripPrefix, timeouts, maxBodyBytes, retries,
      rateLimit, httpsRedirect, hsts, webSocketIdleTimeoutMs, cache);
  }

  public String etag() {
    return ETags.of(toJson());
  }

  /**
   * Parses and validates a route document.
   *
   * @throws ValidationException listing every problem found
   */
  public static Route fromJson(JsonObject json) {
    return JsonFields.readDocument(json, Route::fromJson);
  }

  static Route fromJson(Object json, String path, List<FieldError> errors) {
    JsonFields f = JsonFields.of(json, path, errors);
    if (f == null) {
      return null;
    }
    int before = errors.size();
    String id = f.id("id");
    List<String> hosts = lowerCase(f.strings("hosts"), Locale.ROOT, false);
    String pathPrefix = f.string("pathPrefix", "/");
    List<String> methods = lowerCase(f.strings("methods"), Locale.ROOT, true);
    String upstream = f.id("upstream");
    Boolean stripPrefix = f.bool("stripPrefix", false);
    Timeouts timeouts = Timeouts.fromJson(f.object("timeouts"), f.path("timeouts"), errors);
    Long maxBodyBytes = f.optionalLong("maxBodyBytes", 1, MAX_BODY_BYTES_LIMIT);
    Retries retries = f.object("retries", Retries::fromJson);
    RateLimit rateLimit = f.object("rateLimit", RateLimit::fromJson);
    Boolean httpsRedirect = f.bool("httpsRedirect", false);
    Hsts hsts = f.object("hsts", Hsts::fromJson);
    Long webSocketIdle = f.optionalLong("webSocketIdleTimeoutMs", 1, MAX_WEBSOCKET_IDLE_TIMEOUT_MS);
    CachePolicy cache = f.object("cache", CachePolicy::fromJson);
    f.rejectUnknown();
    if (hosts != null && methods != null && pathPrefix != null) {
      validate(id, hosts, pathPrefix, methods, upstream, path.isEmpty() ? "" : path + ".", errors);
    }
    if (errors.size() != before) {
      return null;
    }
    return new Route(id, hosts, pathPrefix, methods, upstream, stripPrefix, timeouts, maxBodyBytes, retries,
      rateLimit, httpsRedirect, hsts, webSocketIdle, cache);
  }

  private static List<String> lowerCase(List<String> values, Locale locale, boolean upper) {
    if (values == null) {
      return null;
    }
    return values.stream().map(v -> upper ? v.toUpperCase(locale) : v.toLowerCase(locale)).toList();
  }

  private static void validate(String id, List<String> hosts, String pathPrefix, List<String> methods,
                               String upstream, String path, List<FieldError> errors) {
    if (id != null && !JsonFields.ID.matcher(id).matches()) {
      errors.add(new FieldError(path + "id", "'" + id + "' is not a valid id (expected: " + JsonFields.ID_RULE + ")"));
    }
    if (upstream != null && !JsonFields.ID.matcher(upstream).matches()) {
      errors.add(new FieldError(path + "upstream", "'" + upstream + "' is not a valid id"));
    }
    for (int i = 0; i < hosts.size(); i++) {
      String host = hosts.get(i);
      String name = host.startsWith("*.") ? host.substring(2) : host;
      if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
        errors.add(new FieldError(path + "hosts[" + i + "]", "'" + host + "' has a port (matching ignores ports)"));
      } else if (!HostNames.isValid(name)) {
        errors.add(new FieldError(path + "hosts[" + i + "]",
          "'" + host + "' (expected: a host name, or *. followed by a host name)"));
      }
    }
    if (pathPrefix == null || pathPrefix.length() > MAX_PATH_PREFIX_LENGTH || !PATH.matcher(pathPrefix).matches()) {
      errors.add(new FieldError(path + "pathPrefix",
        "'" + pathPrefix + "' (expected: a path starting with '/', at most " + MAX_PATH_PREFIX_LENGTH
          + " characters, no query)"));
    } else if (hasDotSegment(pathPrefix) || pathPrefix.contains("//")) {
      errors.add(new FieldError(path + "pathPrefix",
        "'" + pathPrefix + "' has an empty, '.' or '..' segment (requests are matched after normalisation)"));
    }
    for (int i = 0; i < methods.size(); i++) {
      if (!METHODS.contains(methods.get(i))) {
        errors.add(new FieldError(path + "methods[" + i + "]",
          "'" + methods.get(i) + "' (expected one of: " + String.join(", ", new TreeSet<>(METHODS)) + ")"));
      }
    }
  }

  private static boolean hasDotSegment(String path) {
    for (String segment : path.split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) {
        return true;
      }
    }
    return false;
  }
}
