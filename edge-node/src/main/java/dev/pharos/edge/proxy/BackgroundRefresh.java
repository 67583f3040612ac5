package dev.pharos.edge.proxy;

import dev.pharos.edge.cache.CacheKey;
import dev.pharos.edge.cache.Flights;
import dev.pharos.edge.cache.StoredResponse;
import dev.pharos.edge.cache.http.CacheControl;
import dev.pharos.edge.cache.http.Conditionals;
import dev.pharos.edge.cache.http.Storability;
import dev.pharos.edge.cache.http.Vary;
import dev.pharos.edge.routing.RouteMatch;
import dev.pharos.edge.upstream.Endpoint;
import dev.pharos.model.CachePolicy;
import dev.pharos.model.Target;
import dev.pharos.model.Timeouts;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.httpproxy.ProxyContext;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Refreshes a stale entry served under {@code stale-while-revalidate} after the client has its answer: one member of
 * the cluster (the one that takes the key's refresh lease) sends a conditional GET to a target the upstream's policy
 * chooses, and stores the refreshed or new response. The client's request has already been answered, so this request
 * goes out on its own, outside the stages, with the request's headers as the stages left them.
 */
final class BackgroundRefresh {

  private static final Logger LOG = System.getLogger(BackgroundRefresh.class.getName());

  private final CacheStage stage;

  BackgroundRefresh(CacheStage stage) {
    this.stage = stage;
  }

  void start(ProxyContext context, CachePolicy policy, CacheKey key, StoredResponse stored) {
    RouteMatch match = EdgeContext.of(context).routeMatch;
    Endpoint endpoint = match.targets().next(new ServerRequestFacts(context.request().proxiedRequest()));
    if (endpoint == null) {
      return;
    }
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(context.request().headers());
    String uri = context.request().getURI();
    String authority = context.request().getAuthority() == null ? null : context.request().getAuthority().toString();
    HttpClient client = context.client();
    stage.cache().refreshLease(key).onSuccess(leader -> {
      if (leader != null) {
        refresh(client, endpoint, match.route().timeouts(), uri, authority, headers, policy, key, stored, leader);
      }
    });
  }

  private void refresh(HttpClient client, Endpoint endpoint, Timeouts timeouts, String uri, String authority,
                       MultiMap headers, CachePolicy policy, CacheKey key, StoredResponse stored,
                       Flights.Leader leader) {
    MultiMap storedHeaders = stored.headerMap();
    headers.remove(HttpHeaders.IF_NONE_MATCH);
    headers.remove(HttpHeaders.IF_MODIFIED_SINCE);
    if (storedHeaders.contains(HttpHeaders.ETAG)) {
      headers.set(HttpHeaders.IF_NONE_MATCH, storedHeaders.get(HttpHeaders.ETAG));
    }
    if (storedHeaders.contains(HttpHeaders.LAST_MODIFIED)) {
      headers.set(HttpHeaders.IF_MODIFIED_SINCE, storedHeaders.get(HttpHeaders.LAST_MODIFIED));
    }
    if (authority != null) {
      headers.set(HttpHeaders.HOST, authority);
    }
    Target target = endpoint.target();
    long requestTime = System.currentTimeMillis();
    endpoint.acquire();
    client.request(new RequestOptions()
        .setMethod(HttpMethod.GET)
        .setServer(SocketAddress.inetSocketAddress(target.port(), target.host()))
        .setURI(uri)
        .setHeaders(headers)
        .setConnectTimeout(timeouts.connectMs())
        .setIdleTimeout(timeouts.responseMs()))
      .compose(request -> request.send())
      .compose(response -> answered(response, policy, key, stored, requestTime))
      .onComplete(done -> {
        endpoint.release();
        if (done.failed()) {
          LOG.log(Level.DEBUG, () -> "background refresh of " + key.url() + " failed: " + done.cause());
        }
        leader.done(done.succeeded() ? done.result() : null);
      });
  }

  /** The variant to store from the origin's answer, stored; null when the answer is not one to store. */
  private Future<StoredResponse> answered(HttpClientResponse response, CachePolicy policy, CacheKey key,
                                          StoredResponse stored, long requestTime) {
    long responseTime = System.currentTimeMillis();
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(response.headers());
    HopByHopStage.strip(headers);
    if (response.statusCode() == 304) {
      MultiMap merged = Conditionals.refreshed(stored.headerMap(), headers);
      StoredResponse fresh = stage.variant(key.routeId(), policy, stored.status(), merged, stored.tags(),
        stored.secondaryKey(), requestTime, responseTime, new byte[0]);
      return response.end().compose(v -> fresh == null ? Future.succeededFuture(null)
        : store(key, stored.refreshed(fresh.headers(), requestTime, responseTime, fresh.initialAgeMs(),
          fresh.lifetimeMs(), fresh.keepUntil())));
    }
    String length = headers.get(HttpHeaders.CONTENT_LENGTH);
    boolean fits = length != null && length.chars().allMatch(Character::isDigit) && length.length() < 19
      && Long.parseLong(length) <= policy.maxObjectBytes();
    String whyNot = Storability.whyNot("GET", MultiMap.caseInsensitiveMultiMap(), CacheControl.EMPTY,
      response.statusCode(), headers, CacheControl.ofResponse(headers), policy.allowSetCookie());
    if (whyNot != null || !fits || !Vary.names(headers).equals(stored.varyNames())) {
      response.resume();
      return response.end().map(v -> null);
    }
    return response.body().compose(body -> {
      StoredResponse fresh = stage.variant(key.routeId(), policy, response.statusCode(), headers,
        CacheStage.tags(headers), stored.secondaryKey(), requestTime, responseTime, body.getBytes());
      return fresh == null ? Future.succeededFuture(null) : store(key, fresh);
    });
  }

  private Future<StoredResponse> store(CacheKey key, StoredResponse variant) {
    return stage.cache().store(key, variant).map(variant);
  }
}
