package dev.pharos.edge.accesslog;

import dev.pharos.edge.proxy.FinishedRequest;
import dev.pharos.model.Target;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Formats a request as one line of JSON. Every field is always present, null when it does not apply, so that a
 * line's shape never depends on how its request ended:
 * <pre>
 * {"time":"2025-01-01T12:00:00.123Z","node":"edge-1","requestId":"...","client":"10.0.0.7","method":"GET",
 *  "host":"shop.example","path":"/cart","status":200,"bytesSent":512,"totalMs":3.127,"upstreamMs":2.904,
 *  "route":"shop","target":"10.0.1.5:8080","retries":0}
 * </pre>
 */
final class AccessLogLine {

  private AccessLogLine() {
  }

  static byte[] format(String node, FinishedRequest request) {
    Target target = request.target();
    JsonObject line = new JsonObject()
      .put("time", Instant.ofEpochMilli(request.startMillis()).toString())
      .put("node", node)
      .put("requestId", request.requestId())
      .put("client", request.client())
      .put("method", request.method() == null ? null : request.method().name())
      .put("host", request.host())
      .put("path", request.path())
      .put("status", request.status())
      .put("bytesSent", request.bytesSent())
      .put("totalMs", millis(request.totalNanos()))
      .put("upstreamMs", request.upstreamNanos() < 0 ? null : millis(request.upstreamNanos()))
      .put("route", request.routeId())
      .put("target", target == null ? null : target.host() + ":" + target.port())
      .put("retries", request.retries());
    return (line.encode() + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /** Milliseconds to the microsecond. */
  private static double millis(long nanos) {
    return Math.round(nanos / 1_000.0) / 1_000.0;
  }
}
