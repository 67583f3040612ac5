package dev.pharos.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One limit of a route: a token bucket per key value that holds {@code burst} tokens and gains {@code requests} tokens
 * per {@code per}; each request takes one, and a request that finds none is refused with 429.
 *
 * @param name     the policy name sent in the {@code RateLimit-Policy} and {@code RateLimit} headers, unique within the
 *                 route; 1..64 letters, digits, '.', '_' or '-'. Default {@code <requests>-per-<per>}.
 * @param requests tokens gained per period, 1..{@value #MAX_REQUESTS}
 * @param per      the period
 * @param burst    the most tokens a bucket holds, 1..{@value #MAX_REQUESTS}. Default {@code requests}.
 * @param key      what the requests are counted by, one or more parts combined, without duplicates. Default
 *                 {@code ["ip"]}.
 * @param mode     {@link Mode#SHARED} (default) or {@link Mode#EXACT}
 */
public record RateLimitRule(String name, long requests, Period per, long burst, List<RateLimitKey> key, Mode mode) {

  public static final long MAX_REQUESTS = 1_000_000_000L;
  public static final List<RateLimitKey> DEFAULT_KEY = List.of(RateLimitKey.IP);

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  /** The period over which {@code requests} tokens are gained. */
  public enum Period {
    SECOND(Duration.ofSeconds(1)), MINUTE(Duration.ofMinutes(1)), HOUR(Duration.ofHours(1));

    public final Duration duration;

    Period(Duration duration) {
      this.duration = duration;
    }

    public String jsonName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * How the cluster agrees on a key's count. {@code shared}: each node admits from a share of tokens it leases from
   * the key's owner at the sync interval, with no network call on the request path. {@code exact}: each request asks
   * the key's owner, for low-rate limits where every request counts.
   */
  public enum Mode {
    SHARED, EXACT;

    public String jsonName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public RateLimitRule {
    Objects.requireNonNull(per, "per");
    Objects.requireNonNull(mode, "mode");
    key = List.copyOf(new LinkedHashSet<>(key));
    if (name == null) {
      name = defaultName(requests, per);
    }
    if (!NAME.matcher(name).matches()) {
      throw ValidationException.of("name", "'" + name + "' (expected: " + JsonFields.ID_RULE + ")");
    }
    Ranges.requireInRange("requests", requests, 1, MAX_REQUESTS);
    Ranges.requireInRange("burst", burst, 1, MAX_REQUESTS);
    if (key.isEmpty()) {
      throw ValidationException.of("key", "empty (expected: one or more of " + RateLimitKey.RULE + ")");
    }
  }

  public static RateLimitRule of(long requests, Period per) {
    return new RateLimitRule(null, requests, per, requests, DEFAULT_KEY, Mode.SHARED);
  }

  public RateLimitRule withName(String name) {
    return new RateLimitRule(name, requests, per, burst, key, mode);
  }

  public RateLimitRule withKey(RateLimitKey... parts) {
    return new RateLimitRule(name, requests, per, burst, List.of(parts), mode);
  }

  public RateLimitRule withMode(Mode mode) {
    return new RateLimitRule(name, requests, per, burst, key, mode);
  }

  /** Tokens gained per second. */
  public double ratePerSecond() {
    return (double) requests / per.duration.toSeconds();
  }

  public JsonObject toJson() {
    JsonArray parts = new JsonArray();
    key.forEach(part -> parts.add(part.jsonName()));
    return new JsonObject().put("name", name).put("requests", requests).put("per", per.jsonName())
      .put("burst", burst).put("key", parts).put("mode", mode.jsonName());
  }

  static String defaultName(long requests, Period per) {
    return requests + "-per-" + per.jsonName();
  }

  /** @return null when {@code json} is invalid (errors added) */
  static RateLimitRule fromJson(Object json, String path, List<FieldError> errors) {
    JsonFields f = JsonFields.of(json, path, errors);
    if (f == null) {
      return null;
    }
    int before = errors.size();
    String name = f.string("name", null);
    if (name != null && !NAME.matcher(name).matches()) {
      f.error(f.path("name"), "'" + name + "' (expected: " + JsonFields.ID_RULE + ")");
    }
    Long requests = f.optionalLong("requests", 1, MAX_REQUESTS);
    if (requests == null && !f.has("requests")) {
      f.error(f.path("requests"), "required");
    }
    Period per = enumValue(f, "per", Period.values(), null);
    Long burst = f.optionalLong("burst", 1, MAX_REQUESTS);
    Mode mode = enumValue(f, "mode", Mode.values(), Mode.SHARED);
    List<RateLimitKey> key = keyParts(f);
    f.rejectUnknown();
    if (errors.size() != before) {
      return null;
    }
    return new RateLimitRule(name, requests, per, burst == null ? requests : burst, key, mode);
  }

  private static List<RateLimitKey> keyParts(JsonFields f) {
    if (!f.has("key")) {
      f.ignore("key");
      return DEFAULT_KEY;
    }
    List<String> texts = f.strings("key");
    if (texts == null) {
      return null;
    }
    if (texts.isEmpty()) {
      f.error(f.path("key"), "empty (expected: one or more of " + RateLimitKey.RULE + ")");
      return null;
    }
    List<RateLimitKey> parts = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      RateLimitKey part = RateLimitKey.parse(texts.get(i));
      if (part == null) {
        f.error(f.path("key") + "[" + i + "]", "'" + texts.get(i) + "' (expected: " + RateLimitKey.RULE + ")");
      } else if (parts.contains(part)) {
        f.error(f.path("key") + "[" + i + "]", "'" + texts.get(i) + "' is listed twice");
      } else {
        parts.add(part);
      }
    }
    return parts;
  }

  private static <E extends Enum<E>> E enumValue(JsonFields f, String field, E[] values, E defaultValue) {
    String text = f.string(field, null);
    if (text == null) {
      if (defaultValue == null && !f.has(field)) {
        f.error(f.path(field), "required");
      }
      return defaultValue;
    }
    List<String> names = new ArrayList<>();
    for (E value : values) {
      String json = value.name().toLowerCase(Locale.ROOT);
      if (json.equals(text)) {
        return value;
      }
      names.add(json);
    }
    f.error(f.path(field), "'" + text + "' (expected one of: " + String.join(", ", names) + ")");
    return null;
  }
}
