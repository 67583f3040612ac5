package dev.pharos.model;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the cluster probes the targets of an upstream: one member sends {@code GET path} to each target every
 * {@code intervalMs}; a status in the expected range within {@code timeoutMs} is a success. {@code healthyThreshold}
 * successes in a row make an unhealthy target healthy, {@code unhealthyThreshold} failures in a row the reverse.
 *
 * @param path                  absolute path (and query) of the probe, default {@value #DEFAULT_PATH}
 * @param intervalMs            time between two probes of a target, {@value #MIN_INTERVAL_MS}..{@value #MAX_MS}
 * @param timeoutMs             longest wait for the probe's response status, 1..{@value #MAX_MS}
 * @param expectedStatusMin     lowest status that counts as healthy, default 200
 * @param expectedStatusMax     highest status that counts as healthy, default 399
 * @param panicThresholdPercent when more than this share of the upstream's targets is unhealthy, every target gets
 *                              traffic again, healthy or not, rather than overloading the few left; 0..100
 */
public record HealthCheck(String path, int intervalMs, int timeoutMs, int healthyThreshold, int unhealthyThreshold,
                          int expectedStatusMin, int expectedStatusMax, int panicThresholdPercent) {

  public static final String DEFAULT_PATH = "/";
  public static final int DEFAULT_INTERVAL_MS = 5_000;
  public static final int DEFAULT_TIMEOUT_MS = 2_000;
  public static final int DEFAULT_HEALTHY_THRESHOLD = 2;
  public static final int DEFAULT_UNHEALTHY_THRESHOLD = 3;
  public static final String DEFAULT_EXPECTED_STATUS = "200-399";
  public static final int DEFAULT_PANIC_THRESHOLD_PERCENT = 50;
  /** Below this, probes would cost the backends more than the traffic they protect. */
  public static final int MIN_INTERVAL_MS = 50;
  public static final int MAX_MS = 3_600_000;
  public static final int MAX_THRESHOLD = 100;
  static final String STATUS_RULE = "a status or a range of statuses such as 200-399, within 100..599";

  private static final Pattern STATUS_RANGE = Pattern.compile("([1-5][0-9][0-9])(?:-([1-5][0-9][0-9]))?");
  private static final Pattern PATH = Pattern.compile("/[\\x21-\\x7e&&[^#]]*");

  public HealthCheck {
    List<FieldError> errors = new ArrayList<>();
    validate(path, intervalMs, timeoutMs, healthyThreshold, unhealthyThreshold, expectedStatusMin, expectedStatusMax,
      panicThresholdPercent, errors);
    JsonFields.throwIfAny(errors.stream().map(e -> new FieldError("healthCheck." + e.field(), e.message())).toList());
  }

  /** The defaults, probing {@code path} every {@code intervalMs}. */
  public static HealthCheck of(String path, int intervalMs) {
    return new HealthCheck(path, intervalMs, Math.min(DEFAULT_TIMEOUT_MS, intervalMs), DEFAULT_HEALTHY_THRESHOLD,
      DEFAULT_UNHEALTHY_THRESHOLD, 200, 399, DEFAULT_PANIC_THRESHOLD_PERCENT);
  }

  public HealthCheck withThresholds(int healthyThreshold, int unhealthyThreshold) {
    return new HealthCheck(path, intervalMs, timeoutMs, healthyThreshold, unhealthyThreshold, expectedStatusMin,
      expectedStatusMax, panicThresholdPercent);
  }

  public HealthCheck withPanicThresholdPercent(int panicThresholdPercent) {
    return new HealthCheck(path, intervalMs, timeoutMs, healthyThreshold, unhealthyThreshold, expectedStatusMin,
      expectedStatusMax, panicThresholdPercent);
  }

  public boolean isExpected(int status) {
    return status >= expectedStatusMin && status <= expectedStatusMax;
  }

  /** True when {@code unhealthy} of {@code total} targets is more than the panic threshold allows. */
  public boolean isPanic(int unhealthy, int total) {
    return isPanic(unhealthy, total, panicThresholdPercent);
  }

  /** True when {@code unhealthy} of {@code total} targets is more than {@code thresholdPercent}. */
  public static boolean isPanic(int unhealthy, int total, int thresholdPercent) {
    return total > 0 && unhealthy * 100L > (long) total * thresholdPercent;
  }

  public JsonObject toJson() {
    String status = expectedStatusMin == expectedStatusMax ? Integer.toString(expectedStatusMin)
      : expectedStatusMin + "-" + expectedStatusMax;
    return new JsonObject()
      .put("path", path)
      .put("intervalMs", intervalMs)
      .put("timeoutMs", timeoutMs)
      .put("healthyThreshold", healthyThreshold)
      .put("unhealthyThreshold", unhealthyThreshold)
      .put("expectedStatus", status)
      .put("panicThresholdPercent", panicThresholdPercent);
  }

  static HealthCheck fromJson(Object json, String path, List<FieldError> errors) {
    JsonFields f = JsonFields.of(json, path, errors);
    if (f == null) {
      return null;
    }
    int before = errors.size();
    String probePath = f.string("path", DEFAULT_PATH);
    Integer interval = f.integer("intervalMs", DEFAULT_INTERVAL_MS, MIN_INTERVAL_MS, MAX_MS);
    Integer timeout = f.integer("timeoutMs", DEFAULT_TIMEOUT_MS, 1, MAX_MS);
    Integer healthy = f.integer("healthyThreshold", DEFAULT_HEALTHY_THRESHOLD, 1, MAX_THRESHOLD);
    Integer unhealthy = f.integer("unhealthyThreshold", DEFAULT_UNHEALTHY_THRESHOLD, 1, MAX_THRESHOLD);
    String status = f.string("expectedStatus", DEFAULT_EXPECTED_STATUS);
    Integer panic = f.integer("panicThresholdPercent", DEFAULT_PANIC_THRESHOLD_PERCENT, 0, 100);
    f.rejectUnknown();
    if (errors.size() != before) {
      return null;
    }
    Matcher range = STATUS_RANGE.matcher(status);
    if (!range.matches()) {
      f.error(f.path("expectedStatus"), "'" + status + "' (expected: " + STATUS_RULE + ")");
      return null;
    }
    int min = Integer.parseInt(range.group(1));
    int max = range.group(2) == null ? min : Integer.parseInt(range.group(2));
    List<FieldError> own = new ArrayList<>();
    validate(probePath, interval, timeout, healthy, unhealthy, min, max, panic, own);
    own.forEach(e -> f.error(f.path(e.field()), e.message()));
    return own.isEmpty() ? new HealthCheck(probePath, interval, timeout, healthy, unhealthy, min, max, panic) : null;
  }

  private static void validate(String path, int intervalMs, int timeoutMs, int healthyThreshold,
                               int unhealthyThreshold, int statusMin, int statusMax, int panicPercent,
                               List<FieldError> errors) {
    if (path == null || !PATH.matcher(path).matches()) {
      errors.add(new FieldError("path", "'" + path + "' (expected: an absolute path of visible ASCII, without #)"));
    }
    Ranges.checkInRange("intervalMs", intervalMs, MIN_INTERVAL_MS, MAX_MS, errors);
    if (timeoutMs < 1 || timeoutMs > intervalMs) {
      errors.add(new FieldError("timeoutMs", timeoutMs + " (expected: 1..intervalMs, " + intervalMs + ")"));
    }
    Ranges.checkInRange("healthyThreshold", healthyThreshold, 1, MAX_THRESHOLD, errors);
    Ranges.checkInRange("unhealthyThreshold", unhealthyThreshold, 1, MAX_THRESHOLD, errors);
    if (statusMin < 100 || statusMax > 599 || statusMin > statusMax) {
      errors.add(new FieldError("expectedStatus", statusMin + "-" + statusMax + " (expected: " + STATUS_RULE + ")"));
    }
    Ranges.checkInRange("panicThresholdPercent", panicPercent, 0, 100, errors);
  }
}
