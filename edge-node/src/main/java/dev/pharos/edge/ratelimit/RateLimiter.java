package dev.pharos.edge.ratelimit;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import dev.pharos.admin.RateLimitHealth;
import dev.pharos.edge.upstream.RequestFacts;
import dev.pharos.model.RateLimit;
import dev.pharos.model.RateLimitKey;
import dev.pharos.model.RateLimitRule;
import dev.pharos.model.Route;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Enforces the routes' rate limits for the whole cluster. One per node, shared by its event loops.
 *
 * <p>A {@code shared} rule calls no one on the request path while the node holds a valid lease for the key: a request
 * takes a token from it (see {@link LocalKey}), and every {@link RateLimitSettings#syncInterval()} the node reports each
 * busy key to its owner, which sets the lease anew (see {@link OwnerBucket}, which also states the error bound). An
 * {@code exact} rule asks the key's owner for every request, asynchronously. When the owner cannot be reached within
 * {@link RateLimitSettings#ownerTimeout()}, the node admits from its own share of the limit; when the node sees fewer
 * members than expected, every limit is scaled to its side's {@link ClusterShare}.
 *
 * <pre>
 *   request ──► LocalKey ── lease valid? ── yes ──► a leased token, or 429 when the lease is spent
 *                              └─ no ──► report now, wait for the owner ──► a token from the new lease, or 429
 *                                          └─ owner unreachable ──► a token from the node's 1/N share, or 429
 *   every syncInterval: busy keys ──► grouped by owner member ──► LeaseProcessor on each owner ──► new leases
 * </pre>
 */
public final class RateLimiter {

  private static final char SEPARATOR = '\u001f';
  private static final int MAX_KEY_VALUE_CHARS = 256;

  private final Vertx vertx;
  private final BucketOwners owners;
  private final RateLimitSettings settings;
  private final ClusterShare share;
  private final RateLimitObserver observer;
  private final KeyTable keys;
  private final long nodeId;
  private final LongAdder syncFailures = new LongAdder();
  private final Map<RateLimit, String> policies = new ConcurrentHashMap<>();

  // Set once when the sync verticle starts: its own context, which runs every periodic sync.
  private volatile Context syncContext;

  private RateLimiter(Vertx vertx, BucketOwners owners, RateLimitSettings settings, ClusterShare share,
                      RateLimitObserver observer, long nodeId) {
    this.vertx = vertx;
    this.owners = owners;
    this.settings = settings;
    this.share = share;
    this.observer = observer;
    this.keys = new KeyTable(settings.maxKeys(), settings.overflow());
    this.nodeId = nodeId;
  }

  /**
   * A limiter whose buckets live in the cluster, scaled to the share of {@code expectedMembers} this member sees.
   */
  public static RateLimiter clustered(Vertx vertx, HazelcastInstance hazelcast, RateLimitSettings settings,
                                      int expectedMembers, RateLimitObserver observer) {
    ClusterShare share = new ClusterShare(expectedMembers, hazelcast.getCluster().getMembers().size());
    hazelcast.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        share.visible(event.getMembers().size());
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        share.visible(event.getMembers().size());
      }
    });
    UUID member = hazelcast.getCluster().getLocalMember().getUuid();
    return new RateLimiter(vertx, new HazelcastBucketOwners(hazelcast, settings.activeWindowMillis()), settings, share,
      observer, member.getMostSignificantBits() ^ member.getLeastSignificantBits());
  }

  /** A limiter that is a cluster of one, its buckets in this process. */
  public static RateLimiter standalone(Vertx vertx, RateLimitSettings settings, RateLimitObserver observer) {
    return new RateLimiter(vertx, new LocalBucketOwners(settings.activeWindowMillis()), settings,
      new ClusterShare(1, 1), observer, ThreadLocalRandom.current().nextLong());
  }

  /**
   * Deploys the periodic sync as a verticle of its own, so that it runs on a context no other part of the node shares
   * and stops when Vert.x closes. Call once.
   */
  public Future<Void> start() {
    return vertx.deployVerticle(new VerticleBase() {
      @Override
      public Future<?> start() {
        syncContext = context;
        vertx.setPeriodic(settings.syncInterval().toMillis(), id -> sync());
        return Future.succeededFuture();
      }
    }).mapEmpty();
  }

  /**
   * Decides on one request of a route that has a {@code rateLimit}. Call on the request's event loop; completes there,
   * at once unless a rule is exact or the node holds no valid lease for a key.
   */
  public Future<RateLimitDecision> check(Route route, RequestFacts facts) {
    List<RateLimitRule> rules = route.rateLimit().limits();
    Request request = new Request(route, facts, rules, new LocalKey[rules.size()], new long[rules.size()],
      share.share());
    return decide(request, 0);
  }

  /** One request's way through its route's rules. */
  private record Request(Route route, RequestFacts facts, List<RateLimitRule> rules, LocalKey[] states,
                         long[] remaining, double fraction) {
  }

  /** Applies rules {@code from}.. in order; a rule that must wait for the key's owner continues the chain later. */
  private Future<RateLimitDecision> decide(Request request, int from) {
    long now = System.currentTimeMillis();
    for (int i = from; i < request.rules().size(); i++) {
      RateLimitRule rule = request.rules().get(i);
      BucketLimit limit = BucketLimit.of(rule);
      BucketLimit local = limit.scaled(share.memberShare());
      String prefix = request.route().id() + SEPARATOR + rule.name() + SEPARATOR;
      String key = prefix + keyValue(rule.key(), request.facts());
      boolean exact = rule.mode() == RateLimitRule.Mode.EXACT;
      LocalKey state = keys.get(prefix, key, exact, limit, local, now);
      request.states()[i] = state;
      if (state == null) {
        return Future.succeededFuture(refused(request, i));
      }
      int index = i;
      if (exact) {
        return askOwner(key, state, limit, request.fraction())
          .compose(admitted -> admitted ? admitted(request, index) : Future.succeededFuture(refused(request, index)));
      }
      LocalKey.Outcome outcome = state.tryAcquire(now, limit);
      if (outcome == LocalKey.Outcome.NEEDS_LEASE) {
        return renewLease(key, state, request.fraction()).compose(v -> {
          boolean admitted = state.tryAcquireAfterReport(System.currentTimeMillis(), local);
          return admitted ? admitted(request, index) : Future.succeededFuture(refused(request, index));
        });
      }
      if (outcome == LocalKey.Outcome.REFUSED) {
        return Future.succeededFuture(refused(request, i));
      }
      request.remaining()[i] = state.remaining(limit.scaled(request.fraction()));
    }
    observer.decided(request.route().id(), true);
    return Future.succeededFuture(new RateLimitDecision(true, policy(request.route().rateLimit()),
      RateLimitHeaders.state(request.rules(), request.remaining()), 0));
  }

  private Future<RateLimitDecision> admitted(Request request, int index) {
    BucketLimit limit = BucketLimit.of(request.rules().get(index)).scaled(request.fraction());
    request.remaining()[index] = request.states()[index].remaining(limit);
    return decide(request, index + 1);
  }

  /**
   * Reports the key to its owner now, or joins the report in flight, and completes on the caller's context once it is
   * answered or has failed.
   */
  private Future<Void> renewLease(String key, LocalKey state, double fraction) {
    Context here = vertx.getOrCreateContext();
    CompletableFuture<Void> pending = state.reportInFlight();
    if (pending == null) {
      LeaseRequest report = state.report(nodeId, fraction, settings.syncInterval().toMillis(), share.visible(), false,
        System.currentTimeMillis());
      if (report == null) {
        pending = state.reportInFlight();
      } else {
        send(Map.of(key, report), Map.of(key, state), here);
        pending = state.reportInFlight();
      }
    }
    return pending == null ? Future.succeededFuture() : Future.fromCompletionStage(pending, here);
  }

  private Future<Boolean> askOwner(String key, LocalKey state, BucketLimit limit, double fraction) {
    Context here = vertx.getOrCreateContext();
    return Future.fromCompletionStage(owners.take(key, limit.scaled(fraction)), here)
      .timeout(settings.ownerTimeout().toMillis(), TimeUnit.MILLISECONDS)
      .map(answer -> {
        state.seen(System.currentTimeMillis());
        state.ownerLevel(answer.total());
        return answer.admitted();
      })
      .recover(failure -> {
        syncFailures.increment();
        return Future.succeededFuture(state.tryAcquireLocal(System.currentTimeMillis(),
          limit.scaled(share.memberShare())));
      });
  }

  private RateLimitDecision refused(Request request, int refusing) {
    observer.decided(request.route().id(), false);
    List<RateLimitRule> rules = request.rules();
    long[] remaining = new long[rules.size()];
    for (int i = 0; i < rules.size(); i++) {
      LocalKey state = request.states()[i];
      remaining[i] = i == refusing || state == null ? 0
        : state.remaining(BucketLimit.of(rules.get(i)).scaled(request.fraction()));
    }
    double perSecond = rules.get(refusing).ratePerSecond() * request.fraction();
    long retryAfter = Math.max(1, (long) Math.ceil(1 / perSecond));
    return new RateLimitDecision(false, policy(request.route().rateLimit()), RateLimitHeaders.state(rules, remaining),
      retryAfter);
  }

  private String policy(RateLimit rateLimit) {
    String policy = policies.get(rateLimit);
    if (policy == null) {
      if (policies.size() > 10_000) {
        policies.clear();
      }
      policy = RateLimitHeaders.policy(rateLimit);
      policies.put(rateLimit, policy);
    }
    return policy;
  }

  private static String keyValue(List<RateLimitKey> parts, RequestFacts facts) {
    if (parts.size() == 1) {
      return part(parts.get(0), facts);
    }
    StringBuilder key = new StringBuilder();
    for (int i = 0; i < parts.size(); i++) {
      if (i > 0) {
        key.append(SEPARATOR);
      }
      key.append(part(parts.get(i), facts));
    }
    return key.toString();
  }

  private static String part(RateLimitKey part, RequestFacts facts) {
    String value = switch (part.source()) {
      case IP -> facts.clientIp();
      case HEADER -> facts.header(part.name());
      case ROUTE -> "";
    };
    if (value == null) {
      return "";
    }
    // Bounds the memory a client can make a key take with a long header value.
    return value.length() <= MAX_KEY_VALUE_CHARS ? value : digest(value);
  }

  private static String digest(String value) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }

  /** Reports every busy key to its owner and drops idle keys, handing their leases back. On the limiter's context. */
  private void sync() {
    long now = System.currentTimeMillis();
    long idleCutoff = now - settings.keyIdle().toMillis();
    double fraction = share.share();
    long interval = settings.syncInterval().toMillis();
    int members = share.visible();
    Map<String, LeaseRequest> requests = new HashMap<>();
    Map<String, LocalKey> reporting = new HashMap<>();
    keys.forEach((key, state) -> {
      if (state.idleSince(idleCutoff)) {
        keys.remove(key, state);
        LeaseRequest release = state.exact() ? null : state.report(nodeId, fraction, interval, members, true, now);
        if (release != null) {
          requests.put(key, release);
          reporting.put(key, state);
        }
      } else if (state.needsSync()) {
        LeaseRequest report = state.report(nodeId, fraction, interval, members, false, now);
        if (report != null) {
          requests.put(key, report);
          reporting.put(key, state);
        }
      }
    });
    if (!requests.isEmpty()) {
      send(requests, reporting, syncContext);
    }
  }

  /**
   * Sends reports to the keys' owners and, on {@code context}, applies the leases they answer with, or marks the
   * reports failed.
   */
  private void send(Map<String, LeaseRequest> requests, Map<String, LocalKey> reporting, Context context) {
    Future.fromCompletionStage(owners.lease(requests), context)
      .timeout(settings.ownerTimeout().toMillis(), TimeUnit.MILLISECONDS)
      .onSuccess(leases -> {
        long answered = System.currentTimeMillis();
        reporting.forEach((key, state) -> {
          Lease lease = leases.get(key);
          if (lease == null) {
            state.reportFailed();
          } else {
            state.leased(lease, answered, settings.leaseLifetimeMillis());
          }
        });
      })
      .onFailure(failure -> {
        syncFailures.increment();
        reporting.values().forEach(LocalKey::reportFailed);
      });
  }

  /** How this node enforces limits now, for {@code GET /api/v1/health}. */
  public RateLimitHealth health() {
    return new RateLimitHealth(share.visible(), share.expected(), share.share(), keys.size(), syncFailures.sum());
  }
}
