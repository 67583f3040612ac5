package dev.pharos.edge.upstream;

import dev.pharos.model.CircuitBreaker;
import dev.pharos.model.Target;

/**
 * A target as selectors see it: the target, this node's counts of requests in flight to it and waiting for a
 * connection to it, and the upstream's circuit breaker. The counts are shared by every endpoint of the same address
 * on the node, whichever upstream or table version it belongs to, so they survive config changes and count a
 * backend's load across upstreams.
 *
 * <p>Whoever sends a request to an endpoint calls {@link #acquire()} first and {@link #release()} exactly once when
 * the exchange ends, however it ends; whoever opens its connection calls {@link #connecting()} and then
 * {@link #connected()} exactly once, whether a connection came or not.
 */
public final class Endpoint {

  private final Target target;
  private final TargetLoad load;
  private final CircuitBreaker breaker;

  /** @param breaker null when the upstream sets no limits */
  Endpoint(Target target, TargetLoad load, CircuitBreaker breaker) {
    this.target = target;
    this.load = load;
    this.breaker = breaker;
  }

  public Target target() {
    return target;
  }

  public int inFlight() {
    return load.inFlight.get();
  }

  public void acquire() {
    load.inFlight.incrementAndGet();
  }

  public void release() {
    load.inFlight.decrementAndGet();
  }

  public void connecting() {
    load.pending.incrementAndGet();
  }

  public void connected() {
    load.pending.decrementAndGet();
  }

  /**
   * Whether one more request would pass the circuit breaker's limits: it refuses a request while the target has
   * {@code maxRequests} in flight, or {@code maxPending} waiting for a connection.
   */
  public boolean isOverLimit() {
    return breaker != null
      && (load.inFlight.get() >= breaker.maxRequests() || load.pending.get() >= breaker.maxPending());
  }

  /** This node's failure counts of the target, which passive health reads and resets. */
  TargetLoad load() {
    return load;
  }

  int weight() {
    return target.weight();
  }

  /**
   * Compares load relative to weight, in flight ÷ weight, by cross-multiplication to stay in integers: negative when
   * this endpoint carries less than {@code other}.
   */
  int compareLoad(Endpoint other) {
    return Long.compare((long) inFlight() * other.weight(), (long) other.inFlight() * weight());
  }

  @Override
  public String toString() {
    return target.address() + " (" + inFlight() + " in flight)";
  }
}
