package dev.pharos.edge.proxy;

import dev.pharos.edge.routing.RouteMatch;
import dev.pharos.model.Target;
import io.vertx.core.Future;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Picks the upstream target and sends the request there through {@link TargetOrigin}. Answers 503 when the upstream
 * has no usable target, and turns a failed exchange into the answer {@link EdgeError#ofUpstreamFailure} gives,
 * before the library would turn it into an empty 502.
 */
final class UpstreamStage implements ProxyInterceptor {

  private static final Logger LOG = System.getLogger(UpstreamStage.class.getName());

  @Override
  public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
    RouteMatch match = EdgeContext.ROUTE_MATCH.get(context);
    Target target = match.targets().next();
    if (target == null) {
      return EdgeError.NO_TARGET.respond(context);
    }
    EdgeContext.TARGET.set(context, target);
    return context.sendRequest().recover(failure -> {
      EdgeError error = EdgeError.ofUpstreamFailure(failure);
      if (context.request().proxiedRequest().response().closed()) {
        // The client left first and the library reset the upstream exchange: not the target's fault.
        LOG.log(Level.DEBUG, () -> EdgeContext.REQUEST_ID.get(context) + " client closed before target "
          + target.address() + " answered");
      } else {
        LOG.log(Level.WARNING, () -> EdgeContext.REQUEST_ID.get(context) + " route " + match.route().id()
          + " target " + target.address() + ": " + error.status + " after " + failure);
      }
      return error.respond(context);
    });
  }
}
