package dev.pharos.admin;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/** Lets a request through only when it carries {@code Authorization: Bearer <token>} with the configured token. */
final class BearerAuth implements Handler<RoutingContext> {

  private static final String SCHEME = "Bearer ";

  private final byte[] token;

  BearerAuth(String token) {
    this.token = Objects.requireNonNull(token).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      ctx.fail(new HttpException(401, "this endpoint needs an Authorization: Bearer <token> header"));
    } else if (!matches(authorization.substring(SCHEME.length()).trim())) {
      ctx.fail(new HttpException(401, "the bearer token is not valid"));
    } else {
      ctx.next();
    }
  }

  // isEqual takes a time that depends only on the length of its first argument: the client's own token, which it
  // knows already. Nothing about the configured token leaks through timing.
  private boolean matches(String candidate) {
    return MessageDigest.isEqual(candidate.getBytes(StandardCharsets.UTF_8), token);
  }
}
