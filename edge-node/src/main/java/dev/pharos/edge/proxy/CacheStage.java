package dev.pharos.edge.proxy;

import dev.pharos.edge.cache.CacheKey;
import dev.pharos.edge.cache.CacheKeys;
import dev.pharos.edge.cache.CacheSettings;
import dev.pharos.edge.cache.CacheStats;
import dev.pharos.edge.cache.CachedEntry;
import dev.pharos.edge.cache.ClusterCache;
import dev.pharos.edge.cache.Flights;
import dev.pharos.edge.cache.StoredHead;
import dev.pharos.edge.cache.StoredResponse;
import dev.pharos.edge.cache.http.CacheControl;
import dev.pharos.edge.cache.http.Conditionals;
import dev.pharos.edge.cache.http.Freshness;
import dev.pharos.edge.cache.http.HttpDates;
import dev.pharos.edge.cache.http.Invalidation;
import dev.pharos.edge.cache.http.Ranges;
import dev.pharos.edge.cache.http.Reuse;
import dev.pharos.edge.cache.http.Storability;
import dev.pharos.edge.cache.http.Vary;
import dev.pharos.edge.routing.RequestPath;
import dev.pharos.edge.routing.RouteMatch;
import dev.pharos.model.CachePolicy;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The cluster's shared HTTP cache (RFC 9111) on routes that enable it. Answers from a stored response when it may
 * (with {@code Age}, a 304 to a client's matching conditional, HEAD from a stored GET, a byte range from a stored
 * 200), revalidates a stale one with its validators, serves stale within {@code stale-while-revalidate} (refreshing
 * it in the background, once for the cluster) or {@code stale-if-error}, collapses concurrent misses (GET and HEAD)
 * into one origin fetch, stores responses on their way to the client, and invalidates a URL after an unsafe method. Every response of such a route carries
 * {@code X-Cache}; the origin's {@code Surrogate-Key} is kept as the entry's tags and never reaches the client.
 *
 * <p>Stored bodies are copied as they stream to the client, up to the route's {@code maxObjectBytes}; a larger body
 * streams on uncached and the copy is dropped at the limit. The response's last byte and end go out once its entry
 * is stored (or after {@link CacheSettings#storeWait()}), so that a client that had a MISS finds a HIT on any node
 * next.
 */
final class CacheStage implements ProxyInterceptor {

  static final CharSequence X_CACHE = HttpHeaders.createOptimized("x-cache");
  static final String SURROGATE_KEY = "surrogate-key";
  private static final CharSequence PRAGMA = HttpHeaders.createOptimized("pragma");
  private static final CharSequence RANGE = HttpHeaders.createOptimized("range");
  private static final CharSequence IF_RANGE = HttpHeaders.createOptimized("if-range");
  static final String HIT = "HIT";
  static final String MISS = "MISS";
  static final String STALE = "STALE";
  static final String REVALIDATED = "REVALIDATED";
  static final String BYPASS = "BYPASS";

  private static final Logger LOG = System.getLogger(CacheStage.class.getName());

  private final ClusterCache cache;
  private final CacheStats stats;
  private final long revalidationWindowMs;
  private final long storeWaitMs;
  private final BackgroundRefresh refresh;

  CacheStage(ClusterCache cache) {
    this.cache = cache;
    this.stats = cache.counters();
    this.revalidationWindowMs = cache.settings().revalidationWindow().toMillis();
    this.storeWaitMs = cache.settings().storeWait().toMillis();
    this.refresh = new BackgroundRefresh(this);
  }

  @Override
  public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
    EdgeContext edge = EdgeContext.of(context);
    RouteMatch match = edge.routeMatch;
    if (!match.route().caches()) {
      return context.sendRequest();
    }
    ProxyRequest request = context.request();
    HttpMethod method = request.getMethod();
    CacheKey key = key(edge, request.headers());
    if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD)) {
      // The client hears of its change only once the cache no longer serves what it replaced.
      return context.sendRequest().compose(response -> {
        label(response, BYPASS);
        if (!Invalidation.invalidates(method.name(), response.getStatusCode())) {
          return Future.succeededFuture(response);
        }
        return invalidate(key, response.headers()).map(response);
      });
    }
    Exchange exchange = new Exchange(edge, context, request.headers(), method, match.route().cache(), key);
    CachedEntry hot = cache.hotCopy(key, System.currentTimeMillis());
    if (hot != null) {
      return exchange.withEntry(hot);
    }
    return cache.lookup(key).transform(found -> {
      if (found.failed()) {
        LOG.log(Level.WARNING, () -> edge.requestId + " cache lookup of " + key.url()
          + " failed, going to the origin: " + found.cause());
        stats.miss();
        return exchange.fetch(null);
      }
      return exchange.withEntry(found.result());
    });
  }

  /**
   * Answers a GET or HEAD from this node's hot copy of its entry when the stored response may be served as it is
   * (fresh, or stale as the client allows), before the library makes a request of its own. The library's way answers
   * every other case, the same ones included when there is no hot copy.
   *
   * @return whether the request is answered
   */
  boolean servedHotCopy(EdgeContext edge, FrontStage front) {
    RouteMatch match = edge.routeMatch;
    HttpMethod method = edge.client.method();
    if (!match.route().caches() || edge.streamedBodyLimit >= 0
      || !method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD)) {
      return false;
    }
    MultiMap requestHeaders = edge.client.headers();
    CacheKey key = key(edge, requestHeaders);
    long now = System.currentTimeMillis();
    CachedEntry hot = cache.hotCopy(key, now);
    if (hot == null) {
      return false;
    }
    HitResponse hit = new Exchange(edge, null, requestHeaders, method, match.route().cache(), key).asStored(hot, now);
    if (hit == null) {
      return false;
    }
    if (edge.paused) {
      edge.client.resume();
    }
    front.addHeaders(edge, hit.headers());
    hit.send();
    return true;
  }

  private static CacheKey key(EdgeContext edge, MultiMap requestHeaders) {
    RequestPath path = edge.clientPath;
    RouteMatch match = edge.routeMatch;
    String scheme = edge.client.isSSL() ? "https" : "http";
    String host = edge.authority == null ? "" : edge.authority.host();
    return CacheKeys.of(match.route().id(), match.route().cache(), scheme, host, path.path(), path.query(),
      requestHeaders);
  }

  private Future<Void> invalidate(CacheKey key, MultiMap responseHeaders) {
    List<String> urls = new ArrayList<>();
    urls.add(key.url());
    try {
      for (URI uri : Invalidation.uris(URI.create(key.url()), responseHeaders)) {
        String url = CacheKeys.canonicalUrl(uri.toString());
        if (!urls.contains(url)) {
          urls.add(url);
        }
      }
    } catch (IllegalArgumentException e) {
      // The key is not a URI java.net can read: the target alone is invalidated.
    }
    List<Future<Void>> removed = new ArrayList<>();
    for (String url : urls) {
      removed.add(cache.invalidate(url).recover(failure -> {
        LOG.log(Level.WARNING, () -> "invalidating cache entry " + url + " failed: " + failure);
        return Future.succeededFuture();
      }));
    }
    return Future.all(removed).mapEmpty();
  }

  static ProxyResponse label(ProxyResponse response, String outcome) {
    response.headers().remove(SURROGATE_KEY);
    return response.putHeader(X_CACHE, outcome);
  }

  ClusterCache cache() {
    return cache;
  }

  /**
   * A stored variant for a response just received: its fields minus those never stored (hop-by-hop, Age, tags), its
   * freshness and age, and how long it is of use; null when it is of no use stored (no freshness, no validator, no
   * stale window).
   */
  StoredResponse variant(String routeId, CachePolicy policy, int status, MultiMap responseHeaders, List<String> tags,
                         String secondaryKey, long requestTime, long responseTime, byte[] body) {
    CacheControl cc = CacheControl.ofResponse(responseHeaders);
    long lifetime = Freshness.lifetimeMillis(status, responseHeaders, cc, policy.defaultTtlMs(), responseTime);
    long initialAge = Freshness.initialAgeMillis(responseHeaders, requestTime, responseTime);
    long window = Reuse.staleWindowMillis(cc, Storability.hasValidator(responseHeaders), revalidationWindowMs);
    long keepUntil = responseTime + lifetime - initialAge + window;
    if (keepUntil <= responseTime) {
      return null;
    }
    return new StoredResponse(routeId, status, storedFields(responseHeaders, cc, responseTime), tags,
      Vary.names(responseHeaders), secondaryKey, requestTime, responseTime, initialAge, lifetime, keepUntil, body, 0, body.length);
  }

  /**
   * The fields stored: not hop-by-hop ones, nor those a qualified {@code private} names (RFC 9111 §5.2.2.7); with a
   * {@code Date} of when it was received when the origin sent none (RFC 9110 §6.6.1).
   */
  private static List<String> storedFields(MultiMap responseHeaders, CacheControl cc, long responseTime) {
    MultiMap copy = MultiMap.caseInsensitiveMultiMap().addAll(responseHeaders);
    HopByHopStage.strip(copy);
    cc.privateFields().forEach(copy::remove);
    copy.remove(HttpHeaders.AGE);
    copy.remove(SURROGATE_KEY);
    copy.remove(X_CACHE);
    if (!copy.contains(HttpHeaders.DATE)) {
      copy.add(HttpHeaders.DATE, HttpDates.format(responseTime));
    }
    List<String> fields = new ArrayList<>(copy.size() * 2);
    copy.forEach(field -> {
      fields.add(field.getKey());
      fields.add(field.getValue());
    });
    return fields;
  }

  static List<String> tags(MultiMap responseHeaders) {
    List<String> tags = new ArrayList<>();
    for (String line : responseHeaders.getAll(SURROGATE_KEY)) {
      for (String tag : line.trim().split("[ \t]+")) {
        if (!tag.isEmpty()) {
          tags.add(tag);
        }
      }
    }
    return tags;
  }

  /** One GET or HEAD on a caching route, on its event loop. */
  private final class Exchange {

    private final EdgeContext edge;
    // Null when serving a hot copy before the library made a request of its own.
    private final ProxyContext context;
    private final CachePolicy policy;
    private final CacheKey key;
    private final String routeId;
    private final MultiMap requestHeaders;
    private final CacheControl requestCc;
    private final boolean pragmaNoCache;
    private final boolean head;
    // A GET's Range and If-Range, null for none: answered from a stored 200 (Ranges), or passed on with a miss.
    private final String range;
    private final String ifRange;
    // The client's own preconditions, set aside while the edge revalidates with its validators; null for none.
    private final MultiMap clientConditions;
    // Whether the request went on to the origin, which consumed (or released) the client's body.
    private boolean sent;

    /** @param requestHeaders the headers the request is keyed by and sent upstream with, which it may change */
    Exchange(EdgeContext edge, ProxyContext context, MultiMap requestHeaders, HttpMethod method, CachePolicy policy,
             CacheKey key) {
      this.edge = edge;
      this.context = context;
      this.policy = policy;
      this.key = key;
      this.routeId = key.routeId();
      this.requestHeaders = requestHeaders;
      this.requestCc = CacheControl.of(requestHeaders);
      this.pragmaNoCache = !requestHeaders.contains(HttpHeaders.CACHE_CONTROL) && requestHeaders.contains(PRAGMA)
        && requestHeaders.getAll(PRAGMA).stream().anyMatch(p -> p.toLowerCase().contains("no-cache"));
      this.head = method.equals(HttpMethod.HEAD);
      // RFC 9110 §14.2: Range is defined for GET only.
      this.range = head ? null : requestHeaders.get(RANGE);
      this.ifRange = range == null ? null : requestHeaders.get(IF_RANGE);
      this.clientConditions = Conditionals.isConditional(requestHeaders) ? conditions(requestHeaders) : null;
    }

    private static MultiMap conditions(MultiMap requestHeaders) {
      MultiMap conditions = MultiMap.caseInsensitiveMultiMap();
      for (CharSequence name : List.of(HttpHeaders.IF_NONE_MATCH, HttpHeaders.IF_MODIFIED_SINCE)) {
        requestHeaders.getAll(name).forEach(value -> conditions.add(name, value));
      }
      return conditions;
    }

    Future<ProxyResponse> withEntry(CachedEntry entry) {
      StoredResponse stored = entry == null ? null : entry.variant(this::matches);
      if (stored == null) {
        return requestCc.onlyIfCached() ? notCached() : miss();
      }
      long now = System.currentTimeMillis();
      return switch (reuse(stored, now)) {
        case FRESH -> {
          stats.hit();
          yield serve(stored, now, HIT);
        }
        case STALE_ACCEPTED -> {
          stats.staleServed();
          yield serve(stored, now, STALE);
        }
        case STALE_WHILE_REVALIDATE -> {
          stats.staleServed();
          refresh.start(context, policy, key, stored);
          yield serve(stored, now, STALE);
        }
        case REVALIDATE -> {
          if (requestCc.onlyIfCached()) {
            yield notCached();
          }
          yield revalidate(stored);
        }
      };
    }

    /** The answer from {@code entry} when it may be served as stored; null when it is of no use or needs the origin. */
    HitResponse asStored(CachedEntry entry, long now) {
      StoredResponse stored = entry.variant(this::matches);
      if (stored == null) {
        return null;
      }
      return switch (reuse(stored, now)) {
        case FRESH -> {
          stats.hit();
          yield hit(stored, now, HIT);
        }
        case STALE_ACCEPTED -> {
          stats.staleServed();
          yield hit(stored, now, STALE);
        }
        case STALE_WHILE_REVALIDATE, REVALIDATE -> null;
      };
    }

    private Reuse reuse(StoredResponse stored, long now) {
      return Reuse.decide(stored.lifetimeMs(), stored.ageMillis(now), stored.cacheControl(), requestCc, pragmaNoCache);
    }

    private boolean matches(StoredResponse variant) {
      return variant.secondaryKey().equals(secondaryKey(variant.varyNames()));
    }

    private String secondaryKey(List<String> varyNames) {
      return key.headerPart() + Vary.secondaryKey(varyNames, requestHeaders);
    }

    /** RFC 9111 §5.2.1.7: only-if-cached and nothing usable stored. */
    private Future<ProxyResponse> notCached() {
      stats.miss();
      return EdgeError.NOT_CACHED.respond(context).map(response -> label(response, MISS));
    }

    /**
     * A range goes to the origin as asked, and its answer is not stored (Storability): a 206 is not the whole. A HEAD
     * joins the cluster's one fetch like a GET, and leads it as a GET so that the answer fills the cache; Vert.x sends
     * no body to a HEAD's client.
     */
    private Future<ProxyResponse> miss() {
      if (range != null) {
        stats.miss();
        return fetch(null);
      }
      return cache.miss(key).compose(fill -> {
        if (fill.leader() != null) {
          stats.miss();
          if (head) {
            context.request().setMethod(HttpMethod.GET);
          }
          return fetch(fill.leader());
        }
        StoredResponse filled = fill.entry() == null ? null : fill.entry().variant(this::matches);
        long now = System.currentTimeMillis();
        if (filled != null && reuse(filled, now) == Reuse.FRESH) {
          stats.hit();
          return serve(filled, now, HIT);
        }
        stats.miss();
        return fetch(null);
      });
    }

    /** To the origin; the response is stored on its way to the client when it may be. */
    Future<ProxyResponse> fetch(Flights.Leader leader) {
      long requestTime = System.currentTimeMillis();
      sent = true;
      return context.sendRequest().map(response -> {
        storeOnTheWay(response, requestTime, System.currentTimeMillis(), leader);
        return label(response, MISS);
      }).onFailure(failure -> {
        if (leader != null) {
          leader.done(null);
        }
      });
    }

    private void storeOnTheWay(ProxyResponse response, long requestTime, long responseTime, Flights.Leader leader) {
      MultiMap headers = response.headers();
      int status = response.getStatusCode();
      List<String> tags = tags(headers);
      String whyNot = Storability.whyNot(context.request().getMethod().name(), requestHeaders, requestCc, status,
        headers, CacheControl.ofResponse(headers), policy.allowSetCookie());
      Body body = response.getBody();
      if (whyNot == null && body != null && body.length() > policy.maxObjectBytes()) {
        whyNot = "body of " + body.length() + " bytes over maxObjectBytes";
      }
      StoredResponse template = whyNot != null ? null : variant(routeId, policy, status, headers, tags,
        secondaryKey(Vary.names(headers)), requestTime, responseTime, new byte[0]);
      if (template == null) {
        if (leader != null) {
          leader.done(null);
        }
        return;
      }
      if (body == null) {
        store(template, leader);
        return;
      }
      BodyTee tee = new BodyTee(body.stream(), body.length(), policy.maxObjectBytes(),
        whole -> store(withBody(template, whole.getBytes()), leader)
          .timeout(storeWaitMs, TimeUnit.MILLISECONDS).recover(slow -> {
            LOG.log(Level.INFO, () -> "storing cache entry " + key.url() + " took over " + storeWaitMs
              + " ms; the response ended without waiting (another node may miss it until the store completes)");
            return Future.succeededFuture();
          }),
        () -> {
          if (leader != null) {
            leader.done(null);
          }
        });
      response.setBody(Body.body(tee, body.length(), body.mediaType()));
    }

    /** Completes once the variant is stored, or storing it failed (logged). */
    private Future<Void> store(StoredResponse variant, Flights.Leader leader) {
      return cache.store(key, variant).transform(stored -> {
        if (stored.failed()) {
          LOG.log(Level.WARNING, () -> "storing cache entry " + key.url() + " failed: " + stored.cause());
        }
        if (leader != null) {
          leader.done(stored.succeeded() ? variant : null);
        }
        return Future.succeededFuture();
      });
    }

    /**
     * Asks the origin whether the stored response is still current, with the stored validators when it has any; a
     * failed answer is replaced by the stored response within its {@code stale-if-error}.
     */
    private Future<ProxyResponse> revalidate(StoredResponse stored) {
      MultiMap storedHeaders = stored.headerMap();
      requestHeaders.remove(HttpHeaders.IF_NONE_MATCH);
      requestHeaders.remove(HttpHeaders.IF_MODIFIED_SINCE);
      // The origin's answer replaces the stored whole: a part would not. The client then gets the whole (§14.2).
      requestHeaders.remove(RANGE);
      requestHeaders.remove(IF_RANGE);
      String etag = storedHeaders.get(HttpHeaders.ETAG);
      String lastModified = storedHeaders.get(HttpHeaders.LAST_MODIFIED);
      if (etag != null) {
        requestHeaders.set(HttpHeaders.IF_NONE_MATCH, etag);
      }
      if (lastModified != null) {
        requestHeaders.set(HttpHeaders.IF_MODIFIED_SINCE, lastModified);
      }
      long requestTime = System.currentTimeMillis();
      sent = true;
      return context.sendRequest().transform(answered -> {
        long now = System.currentTimeMillis();
        if (answered.succeeded() && answered.result().getStatusCode() == 304) {
          ProxyResponse notModified = answered.result();
          StoredResponse refreshed = refreshed(stored, notModified.headers(), requestTime, now);
          notModified.release();
          stats.revalidated();
          if (refreshed == null) {
            return serve(stored, now, REVALIDATED);
          }
          // Answered once stored, so that a next request finds the refreshed entry rather than revalidate again.
          return store(refreshed, null).compose(v -> serve(refreshed, now, REVALIDATED));
        }
        boolean failed = answered.failed() || answered.result().getStatusCode() >= 500;
        if (failed && Reuse.staleIfError(stored.lifetimeMs(), stored.ageMillis(now), stored.cacheControl(),
          requestCc)) {
          if (answered.succeeded()) {
            answered.result().release();
          }
          stats.staleServed();
          return serve(stored, now, STALE);
        }
        if (answered.failed()) {
          return Future.failedFuture(answered.cause());
        }
        stats.miss();
        storeOnTheWay(answered.result(), requestTime, now, null);
        return Future.succeededFuture(label(answered.result(), MISS));
      });
    }

    private StoredResponse refreshed(StoredResponse stored, MultiMap notModified, long requestTime,
                                     long responseTime) {
      MultiMap update = MultiMap.caseInsensitiveMultiMap().addAll(notModified);
      HopByHopStage.strip(update);
      MultiMap merged = Conditionals.refreshed(stored.headerMap(), update);
      StoredResponse fresh = variant(routeId, policy, stored.status(), merged, stored.tags(), stored.secondaryKey(),
        requestTime, responseTime, new byte[0]);
      return fresh == null ? null : stored.refreshed(fresh.headers(), requestTime, responseTime, fresh.initialAgeMs(),
        fresh.lifetimeMs(), fresh.keepUntil());
    }

    private Future<ProxyResponse> serve(StoredResponse stored, long now, String outcome) {
      if (!sent) {
        context.request().release();
      }
      return Future.succeededFuture(hit(stored, now, outcome));
    }

    /** Answers from the stored response: a 304 to a matching conditional, the headers alone to HEAD. */
    private HitResponse hit(StoredResponse stored, long now, String outcome) {
      HttpServerRequest client = edge.client;
      ProxyRequest request = context == null ? null : context.request();
      // A qualified no-cache names fields that are not to be served without revalidation (RFC 9111 §5.2.2.4).
      StoredHead fields = outcome.equals(REVALIDATED) ? stored.head() : stored.hitHead();
      HitResponse response;
      if (clientConditions != null && Conditionals.notModified(clientConditions, stored.headerMap())) {
        response = HitResponse.notModified(client, request, StoredHead.of(notModifiedFields(stored, outcome)));
      } else if (head) {
        response = HitResponse.headOnly(client, request, stored.status(), fields, stored.bodyLength());
      } else if (range != null && stored.status() == 200) {
        response = ranged(stored, fields);
      } else {
        response = HitResponse.withBody(client, request, stored.status(), fields, stored.body(),
          stored.headerMap().get(HttpHeaders.CONTENT_TYPE));
      }
      response.putHeader(HttpHeaders.AGE, Freshness.ageHeader(stored.ageMillis(now)));
      label(response, outcome);
      return response;
    }

    private HitResponse ranged(StoredResponse stored, StoredHead fields) {
      String mediaType = stored.headerMap().get(HttpHeaders.CONTENT_TYPE);
      Ranges.Answer answer = Ranges.answer(range, ifRange, stored.headerMap(), stored.bodyLength());
      if (answer instanceof Ranges.Part part) {
        HitResponse response = HitResponse.withBody(edge.client, context == null ? null : context.request(), 206, fields,
          stored.body().slice((int) part.first(), (int) part.last() + 1), mediaType);
        response.putHeader(HttpHeaders.CONTENT_RANGE, part.contentRange());
        return response;
      }
      if (answer instanceof Ranges.Unsatisfiable unsatisfiable) {
        HitResponse response = HitResponse.withBody(edge.client, context == null ? null : context.request(), 416, null, Buffer.buffer(), null);
        response.putHeader(HttpHeaders.CONTENT_RANGE, unsatisfiable.contentRange());
        return response;
      }
      return HitResponse.withBody(edge.client, context == null ? null : context.request(), stored.status(), fields, stored.body(), mediaType);
    }

    private MultiMap notModifiedFields(StoredResponse stored, String outcome) {
      MultiMap fields = Conditionals.notModifiedHeaders(stored.headerMap());
      if (!outcome.equals(REVALIDATED)) {
        stored.cacheControl().noCacheFields().forEach(fields::remove);
      }
      return fields;
    }

    private StoredResponse withBody(StoredResponse template, byte[] body) {
      return new StoredResponse(template.routeId(), template.status(), template.headers(), template.tags(),
        template.varyNames(), template.secondaryKey(), template.requestTime(), template.responseTime(),
        template.initialAgeMs(), template.lifetimeMs(), template.keepUntil(), body, 0, body.length);
    }
  }
}
