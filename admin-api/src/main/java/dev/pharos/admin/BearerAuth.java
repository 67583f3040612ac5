package dev.pharos.admin;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * Lets a request through only when it carries {@code Authorization: Bearer <token>} with the configured token, and
 * names the token's holder as the request's {@link Actor}.
 */
final class BearerAuth implements Handler<RoutingContext> {

  private static final String SCHEME = "Bearer ";

  private final byte[] token;
  private final String name;

  BearerAuth(String token, String name) {
    this.token = Objects.requireNonNull(token).getBytes(StandardCharsets.UTF_8);
    this.name = Objects.requireNonNull(name);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      ctx.fail(new HttpException(401, "this endpoint needs an Authorization: Bearer <token> header"));
    } else if (!matches(authorization.substring(SCHEME.length()).trim())) {
      ctx.fail(new HttpException(401, "the bearer token is not valid"));
    } else {
      Actor.set(ctx, name);
      ctx.next();
    }
  }

  // isEqual takes a time that depends only on the length of its first argument: the client's own token, which it
  // knows already. Nothing about the configured token leaks through timing.
  private boolean matches(String candidate) {
    return MessageDigest.isEqual(candidate.getBytes(StandardCharsets.UTF_8), token);
  }
}
