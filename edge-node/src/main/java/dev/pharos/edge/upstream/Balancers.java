package dev.pharos.edge.upstream;

import dev.pharos.model.Target;
import dev.pharos.model.Upstream;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Compiles upstreams into the selectors of one node. It holds what outlives a route table: the cluster's sticky-session
 * key, the node's view of target health and the way it ejects targets, and this node's counts of requests and failures
 * per target address, which every table version and every upstream naming the address share. One instance per node;
 * tables are compiled one at a time, from any thread.
 */
public final class Balancers {

  private final StickyKey stickyKey;
  private final TargetHealth health;
  private final Ejector ejector;
  private final ConcurrentMap<String, TargetLoad> loads = new ConcurrentHashMap<>();

  /** Balancers of a node that shares its health with no other: its ejections are its own. */
  public Balancers(StickyKey stickyKey) {
    this.stickyKey = stickyKey;
    this.health = new TargetHealth();
    this.ejector = new LocalEjector(health);
  }

  /**
   * @param health  the node's view of target health, which the cluster's health view keeps up to date
   * @param ejector ejects targets from every node sharing that health
   */
  public Balancers(StickyKey stickyKey, TargetHealth health, Ejector ejector) {
    this.stickyKey = stickyKey;
    this.health = health;
    this.ejector = ejector;
  }

  public UpstreamBalancing compile(Upstream upstream) {
    Endpoint[] endpoints = upstream.targets().stream()
      .filter(t -> t.weight() > 0)
      .map(t -> new Endpoint(t, loads.computeIfAbsent(t.address(), a -> new TargetLoad()), upstream.circuitBreaker()))
      .toArray(Endpoint[]::new);
    HealthyTargets selector = new HealthyTargets(upstream.id(), endpoints, upstream.healthCheck(), health,
      live -> selector(upstream, live));
    StickySessions sticky = upstream.stickySession() == null ? null
      : new StickySessions(upstream.id(), upstream.stickySession(), endpoints, stickyKey, selector::isUsable);
    OutlierDetector outliers = upstream.outlierDetection() == null ? null
      : new OutlierDetector(upstream.id(), upstream.outlierDetection(), selector, ejector);
    return new UpstreamBalancing(selector, sticky, outliers);
  }

  /** Which targets this node sends no traffic to; the health view keeps it up to date. */
  public TargetHealth health() {
    return health;
  }

  private static TargetSelector selector(Upstream upstream, Endpoint[] endpoints) {
    return switch (upstream.loadBalancing()) {
      case ROUND_ROBIN -> new RoundRobinSelector(endpoints);
      case LEAST_REQUESTS -> new LeastRequestsSelector(endpoints);
      case RANDOM_TWO -> new RandomTwoSelector(endpoints);
      case CONSISTENT_HASH -> new ConsistentHashSelector(MaglevTable.build(endpoints), upstream.hashOn(),
        new RoundRobinSelector(endpoints));
    };
  }

  /** This node's count of requests in flight to {@code address} ({@code host:port}), over every upstream. */
  public int inFlight(String address) {
    TargetLoad load = loads.get(address);
    return load == null ? 0 : load.inFlight.get();
  }

  /**
   * Forgets the counts of addresses no upstream in {@code upstreams} names, once no request is in flight to them;
   * call it after compiling a table. A request still served by an older table only ever touches its own counter.
   */
  public void retainOnly(Iterable<Upstream> upstreams) {
    Set<String> live = new HashSet<>();
    upstreams.forEach(u -> u.targets().stream().map(Target::address).forEach(live::add));
    loads.entrySet().removeIf(e -> !live.contains(e.getKey()) && e.getValue().isIdle());
  }
}
