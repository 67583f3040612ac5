package dev.pharos.admin;

import dev.pharos.model.ChangeOrigin;
import io.vertx.ext.web.RoutingContext;

/** Who sent an admin request, as the config history records it: set by {@link BearerAuth}, read by writers. */
final class Actor {

  private static final String KEY = Actor.class.getName();

  private Actor() {
  }

  static void set(RoutingContext ctx, String name) {
    ctx.put(KEY, name);
  }

  /** The token's name, or {@link ChangeOrigin#ANONYMOUS} when the API runs without a token. */
  static String of(RoutingContext ctx) {
    String name = ctx.get(KEY);
    return name == null ? ChangeOrigin.ANONYMOUS : name;
  }
}
