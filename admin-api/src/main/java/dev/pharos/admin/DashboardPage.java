package dev.pharos.admin;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The dashboard: a page at {@code /} and its scripts and styles under {@value #ASSETS}, static classpath files
 * served without a token. They hold no data: every figure the page shows comes from the API with the token the
 * operator typed in, which the page keeps in session storage and sends only in the {@code Authorization} header.
 */
final class DashboardPage {

  /** Classpath folder of the page and its assets. */
  static final String RESOURCES = "dev/pharos/admin/dashboard";
  static final String PAGE_RESOURCE = RESOURCES + "/index.html";
  static final String ASSETS = "/ui/";

  // Nothing from elsewhere: no CDN, no inline script, no framing by another site.
  private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
    + " connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private DashboardPage() {
  }

  static void mount(Router router, Buffer page) {
    router.get("/").handler(ctx -> {
      secure(ctx);
      ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
        .end(page);
    });
    router.route(ASSETS + "*").handler(ctx -> {
      secure(ctx);
      ctx.next();
    }).handler(StaticHandler.create(RESOURCES).setDirectoryListing(false).setMaxAgeSeconds(60));
  }

  private static void secure(RoutingContext ctx) {
    ctx.response()
      .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
      .putHeader("X-Content-Type-Options", "nosniff")
      .putHeader("Referrer-Policy", "no-referrer");
  }
}
