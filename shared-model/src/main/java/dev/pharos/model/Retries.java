package dev.pharos.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * When the edge sends a request of a route again, each time to a target not tried yet.
 *
 * @param attempts      further attempts after the first, 0..{@value #MAX_ATTEMPTS}. Default 2.
 * @param on            the outcomes that are retried, sorted: {@code connect-failure} (no connection, so nothing was
 *                      sent; retried for every method), and for idempotent methods without a body only:
 *                      {@code reset} (the connection failed before a response head), {@code timeout} (the route's
 *                      response timeout passed), {@code 502}, {@code 503}, {@code 504} (the target's answer).
 *                      Default {@code connect-failure} and {@code reset}.
 * @param budgetPercent retries in flight may be at most this share of requests in flight, and at least one,
 *                      0..100. Default 20.
 */
public record Retries(int attempts, List<String> on, int budgetPercent) {

  public static final String CONNECT_FAILURE = "connect-failure";
  public static final String RESET = "reset";
  public static final String TIMEOUT = "timeout";
  public static final Set<String> OUTCOMES = Set.of(CONNECT_FAILURE, RESET, TIMEOUT, "502", "503", "504");
  public static final int DEFAULT_ATTEMPTS = 2;
  public static final int MAX_ATTEMPTS = 10;
  public static final int DEFAULT_BUDGET_PERCENT = 20;
  public static final Retries DEFAULTS = new Retries(DEFAULT_ATTEMPTS, List.of(CONNECT_FAILURE, RESET),
    DEFAULT_BUDGET_PERCENT);

  public Retries {
    on = List.copyOf(new TreeSet<>(on));
    Ranges.requireInRange("attempts", attempts, 0, MAX_ATTEMPTS);
    for (int i = 0; i < on.size(); i++) {
      if (!OUTCOMES.contains(on.get(i))) {
        throw ValidationException.of("on[" + i + "]", expectedOutcome(on.get(i)));
      }
    }
    Ranges.requireInRange("budgetPercent", budgetPercent, 0, 100);
  }

  /** Whether {@code outcome} (one of {@link #OUTCOMES}) is retried. */
  public boolean retriesOn(String outcome) {
    return on.contains(outcome);
  }

  public JsonObject toJson() {
    return new JsonObject().put("attempts", attempts).put("on", new JsonArray(new ArrayList<>(on)))
      .put("budgetPercent", budgetPercent);
  }

  static Retries fromJson(Object json, String path, List<FieldError> errors) {
    JsonFields f = JsonFields.of(json, path, errors);
    if (f == null) {
      return null;
    }
    int before = errors.size();
    Integer attempts = f.integer("attempts", DEFAULT_ATTEMPTS, 0, MAX_ATTEMPTS);
    List<String> on = f.has("on") ? f.strings("on") : DEFAULTS.on();
    Integer budget = f.integer("budgetPercent", DEFAULT_BUDGET_PERCENT, 0, 100);
    f.rejectUnknown();
    if (on != null) {
      for (int i = 0; i < on.size(); i++) {
        if (!OUTCOMES.contains(on.get(i))) {
          f.error(f.path("on") + "[" + i + "]", expectedOutcome(on.get(i)));
        }
      }
    }
    return errors.size() != before ? null : new Retries(attempts, on, budget);
  }

  private static String expectedOutcome(String value) {
    return "'" + value + "' (expected one of: " + String.join(", ", new TreeSet<>(OUTCOMES)) + ")";
  }
}
