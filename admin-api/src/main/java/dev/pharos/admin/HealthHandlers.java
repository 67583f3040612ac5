package dev.pharos.admin;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The probes an orchestrator calls without a token: liveness ({@code /healthz}, the process answers) and readiness
 * ({@code /readyz}, the node should receive traffic).
 */
final class HealthHandlers {

  private static final JsonObject UP = new JsonObject().put("status", "UP");
  private static final JsonObject READY = new JsonObject().put("status", "READY");

  private final Readiness readiness;

  HealthHandlers(Readiness readiness) {
    this.readiness = readiness;
  }

  void live(RoutingContext ctx) {
    ctx.json(UP);
  }

  void ready(RoutingContext ctx) {
    String reason = readiness.notReadyReason();
    if (reason == null) {
      ctx.json(READY);
    } else {
      ctx.response().setStatusCode(503);
      ctx.json(new JsonObject().put("status", "NOT_READY").put("reason", reason));
    }
  }
}
