package dev.pharos.admin;

import dev.pharos.model.ConfigRejection;
import dev.pharos.model.ValidationException;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;

import java.lang.System.Logger.Level;

/**
 * The one place where a failed admin request becomes a response: every exception and bare status maps to an
 * {@code application/problem+json} body here. Registered as the router's failure handler and as its 404 handler (no
 * route matched the path).
 */
final class ProblemHandler implements Handler<RoutingContext> {

  static final String WWW_AUTHENTICATE = "WWW-Authenticate";
  static final String BEARER_CHALLENGE = "Bearer realm=\"pharos\"";

  /** A minority partition heals, or a member rejoins, within seconds; retrying sooner only adds load. */
  static final String RETRY_AFTER_SECONDS = "5";

  private static final System.Logger LOG = System.getLogger(ProblemHandler.class.getName());

  private final long maxBodyBytes;

  ProblemHandler(long maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      // Too late for a problem body: cut the response so the client cannot take it for a whole one.
      LOG.log(Level.WARNING, () -> describe(ctx) + " failed after its response started", ctx.failure());
      response.reset();
      return;
    }
    Problem problem = problemOf(ctx);
    switch (problem.status()) {
      case 401 -> response.putHeader(WWW_AUTHENTICATE, BEARER_CHALLENGE);
      case 503 -> response.putHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
      default -> {
      }
    }
    if (ctx.failure() instanceof AppliedTimeoutException e) {
      ConfigHeaders.putVersion(response, e.version());
    }
    response
      .setStatusCode(problem.status())
      .putHeader(HttpHeaders.CONTENT_TYPE, Problem.CONTENT_TYPE)
      .end(problem.toJson().toBuffer());
  }

  private Problem problemOf(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure == null) {
      return Problem.ofStatus(ctx.statusCode(), detailOf(ctx.statusCode(), ctx));
    } else if (failure instanceof ValidationException e) {
      return Problem.of(ProblemType.INVALID_REQUEST, e.getMessage(), e.errors());
    } else if (failure instanceof ConfigRejection e) {
      return Problem.of(typeOf(e.reason()), e.getMessage(), e.errors());
    } else if (failure instanceof StoreUnavailableException e) {
      return Problem.of(ProblemType.STORE_UNAVAILABLE, e.getMessage());
    } else if (failure instanceof AppliedTimeoutException e) {
      return Problem.of(ProblemType.NOT_APPLIED_IN_TIME, "the change is committed at version " + e.version()
          + " but these members had not applied it when the wait ended: " + String.join(", ", e.lagging())
          + "; they converge on their own, do not repeat the change")
        .with("version", e.version())
        .with("lagging", new JsonArray(e.lagging()));
    } else if (failure instanceof HttpException e) {
      return Problem.ofStatus(e.getStatusCode(),
        e.getPayload() != null ? e.getPayload() : detailOf(e.getStatusCode(), ctx));
    }
    LOG.log(Level.ERROR, () -> describe(ctx) + " failed", failure);
    return Problem.of(ProblemType.INTERNAL_ERROR, "unexpected failure; the admin node's log has the cause");
  }

  private String detailOf(int status, RoutingContext ctx) {
    return switch (status) {
      case 404 -> "no endpoint at " + ctx.request().path();
      case 413 -> "the request body exceeds " + maxBodyBytes + " bytes";
      default -> HttpResponseStatus.valueOf(status).reasonPhrase();
    };
  }

  private static ProblemType typeOf(ConfigRejection.Reason reason) {
    return switch (reason) {
      case NOT_FOUND -> ProblemType.NOT_FOUND;
      case CONFLICT -> ProblemType.CONFLICT;
      case PRECONDITION_FAILED -> ProblemType.PRECONDITION_FAILED;
    };
  }

  private static String describe(RoutingContext ctx) {
    return "admin request " + ctx.request().method() + " " + ctx.request().path();
  }
}
