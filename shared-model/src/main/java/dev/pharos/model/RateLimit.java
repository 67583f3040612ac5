package dev.pharos.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rate limits of a route: every rule applies to each request, and a request is admitted only when each of them
 * has a token for it (for example 10 per second and 1000 per hour).
 *
 * @param limits one to {@value #MAX_LIMITS} rules with distinct names
 */
public record RateLimit(List<RateLimitRule> limits) {

  public static final int MAX_LIMITS = 8;

  public RateLimit {
    limits = List.copyOf(limits);
    if (limits.isEmpty() || limits.size() > MAX_LIMITS) {
      throw ValidationException.of("limits", limits.size() + " rules (expected: 1.." + MAX_LIMITS + ")");
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < limits.size(); i++) {
      if (!names.add(limits.get(i).name())) {
        throw ValidationException.of("limits[" + i + "].name", duplicate(limits.get(i).name()));
      }
    }
  }

  public static RateLimit of(RateLimitRule... limits) {
    return new RateLimit(List.of(limits));
  }

  public JsonObject toJson() {
    JsonArray rules = new JsonArray();
    limits.forEach(rule -> rules.add(rule.toJson()));
    return new JsonObject().put("limits", rules);
  }

  static RateLimit fromJson(Object json, String path, List<FieldError> errors) {
    JsonFields f = JsonFields.of(json, path, errors);
    if (f == null) {
      return null;
    }
    int before = errors.size();
    JsonArray array = f.array("limits");
    f.rejectUnknown();
    if (array == null) {
      return null;
    }
    if (array.isEmpty() || array.size() > MAX_LIMITS) {
      f.error(f.path("limits"), array.size() + " rules (expected: 1.." + MAX_LIMITS + ")");
      return null;
    }
    List<RateLimitRule> rules = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < array.size(); i++) {
      String rulePath = f.path("limits") + "[" + i + "]";
      RateLimitRule rule = RateLimitRule.fromJson(array.getValue(i), rulePath, errors);
      if (rule != null) {
        if (!names.add(rule.name())) {
          f.error(rulePath + ".name", duplicate(rule.name()));
        }
        rules.add(rule);
      }
    }
    return errors.size() != before ? null : new RateLimit(rules);
  }

  private static String duplicate(String name) {
    return "'" + name + "' names another limit of the route too (expected: distinct names; set \"name\")";
  }
}
