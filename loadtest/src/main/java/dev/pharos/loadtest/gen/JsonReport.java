package dev.pharos.loadtest.gen;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The result as JSON: totals, errors by kind, percentiles in milliseconds and a per-second series. */
final class JsonReport {

  private JsonReport() {}

  static JsonObject of(RunResult result) {
    JsonObject errors = new JsonObject();
    for (ErrorKind kind : ErrorKind.values()) {
      errors.put(kind.label(), result.errors().getOrDefault(kind, 0L));
    }
    RunResult.Percentiles p = result.latency();
    JsonObject latency = new JsonObject()
        .put("p50", p.p50()).put("p90", p.p90()).put("p99", p.p99()).put("p99.9", p.p999()).put("max", p.max());
    JsonArray series = new JsonArray();
    result.seconds().forEach(s -> series.add(new JsonObject()
        .put("second", s.second()).put("rate", s.requests()).put("errors", s.errors()).put("p99", s.p99())));
    JsonArray events = new JsonArray();
    result.events().forEach(e -> events.add(new JsonObject()
        .put("at", e.at()).put("command", e.command()).put("failure", e.failure())));
    return new JsonObject()
        .put("mode", result.mode())
        .put("durationSeconds", result.durationSeconds())
        .put("requests", result.requests())
        .put("errors", errors)
        .put("achievedRate", result.achievedRate())
        .put("latencyMillis", latency)
        .put("perSecond", series)
        .put("events", events);
  }
}
