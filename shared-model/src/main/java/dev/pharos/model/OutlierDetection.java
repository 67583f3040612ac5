package dev.pharos.model;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Passive health: how the nodes eject a target of an upstream after failures they see on real traffic. A node that
 * sees {@code consecutiveFailures} connect failures, resets or timeouts in a row from a target, or
 * {@code consecutive5xx} answers with a 5xx status in a row, ejects it from every node for a back-off: the base on
 * the first ejection, doubled on each ejection that follows within {@code maxEjectionMs} of the last one's end, and
 * never longer than the maximum. An ejection that would leave more than the upstream's panic threshold of its targets
 * unhealthy is not made.
 *
 * @param consecutiveFailures connect failures, resets and timeouts in a row that eject, 0..{@value #MAX_THRESHOLD};
 *                            0 never ejects for them. Default {@value #DEFAULT_CONSECUTIVE_FAILURES}.
 * @param consecutive5xx      answers with a status of 500..599 in a row that eject, 0..{@value #MAX_THRESHOLD}; 0 never
 *                            ejects for them. Default {@value #DEFAULT_CONSECUTIVE_5XX}.
 * @param baseEjectionMs      the first ejection's length, 1..{@value #MAX_MS}. Default
 *                            {@value #DEFAULT_BASE_EJECTION_MS}.
 * @param maxEjectionMs       the longest ejection, baseEjectionMs..{@value #MAX_MS}. Default
 *                            {@value #DEFAULT_MAX_EJECTION_MS}.
 */
public record OutlierDetection(int consecutiveFailures, int consecutive5xx, int baseEjectionMs, int maxEjectionMs) {

  public static final int DEFAULT_CONSECUTIVE_FAILURES = 5;
  public static final int DEFAULT_CONSECUTIVE_5XX = 5;
  public static final int DEFAULT_BASE_EJECTION_MS = 30_000;
  public static final int DEFAULT_MAX_EJECTION_MS = 300_000;
  public static final int MAX_THRESHOLD = 1_000;
  public static final int MAX_MS = 3_600_000;
  public static final OutlierDetection DEFAULTS = new OutlierDetection(DEFAULT_CONSECUTIVE_FAILURES,
    DEFAULT_CONSECUTIVE_5XX, DEFAULT_BASE_EJECTION_MS, DEFAULT_MAX_EJECTION_MS);

  public OutlierDetection {
    List<FieldError> errors = new ArrayList<>();
    validate(consecutiveFailures, consecutive5xx, baseEjectionMs, maxEjectionMs, errors);
    JsonFields.throwIfAny(errors.stream()
      .map(e -> new FieldError("outlierDetection." + e.field(), e.message())).toList());
  }

  /** How long the {@code count}-th ejection in a row lasts: the base doubled {@code count - 1} times, capped. */
  public long ejectionMs(int count) {
    int doublings = Math.min(Math.max(count - 1, 0), 31);
    return Math.min((long) baseEjectionMs << doublings, maxEjectionMs);
  }

  public JsonObject toJson() {
    return new JsonObject()
      .put("consecutiveFailures", consecutiveFailures)
      .put("consecutive5xx", consecutive5xx)
      .put("baseEjectionMs", baseEjectionMs)
      .put("maxEjectionMs", maxEjectionMs);
  }

  static OutlierDetection fromJson(Object json, String path, List<FieldError> errors) {
    JsonFields f = JsonFields.of(json, path, errors);
    if (f == null) {
      return null;
    }
    int before = errors.size();
    Integer failures = f.integer("consecutiveFailures", DEFAULT_CONSECUTIVE_FAILURES, 0, MAX_THRESHOLD);
    Integer serverErrors = f.integer("consecutive5xx", DEFAULT_CONSECUTIVE_5XX, 0, MAX_THRESHOLD);
    Integer base = f.integer("baseEjectionMs", DEFAULT_BASE_EJECTION_MS, 1, MAX_MS);
    Integer max = f.integer("maxEjectionMs", Math.max(DEFAULT_MAX_EJECTION_MS, base == null ? 1 : base), 1, MAX_MS);
    f.rejectUnknown();
    if (errors.size() != before) {
      return null;
    }
    List<FieldError> own = new ArrayList<>();
    validate(failures, serverErrors, base, max, own);
    own.forEach(e -> f.error(f.path(e.field()), e.message()));
    return own.isEmpty() ? new OutlierDetection(failures, serverErrors, base, max) : null;
  }

  private static void validate(int consecutiveFailures, int consecutive5xx, int baseEjectionMs, int maxEjectionMs,
                               List<FieldError> errors) {
    Ranges.checkInRange("consecutiveFailures", consecutiveFailures, 0, MAX_THRESHOLD, errors);
    Ranges.checkInRange("consecutive5xx", consecutive5xx, 0, MAX_THRESHOLD, errors);
    Ranges.checkInRange("baseEjectionMs", baseEjectionMs, 1, MAX_MS, errors);
    if (maxEjectionMs < baseEjectionMs || maxEjectionMs > MAX_MS) {
      errors.add(new FieldError("maxEjectionMs", maxEjectionMs + " (expected: baseEjectionMs.." + MAX_MS + ", "
        + baseEjectionMs + ".." + MAX_MS + ")"));
    }
  }
}
