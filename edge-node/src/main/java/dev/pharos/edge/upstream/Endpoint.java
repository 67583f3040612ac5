package dev.pharos.edge.upstream;

import dev.pharos.model.Target;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A target as selectors see it: the target and this node's count of requests in flight to it. The count is shared by
 * every endpoint of the same address on the node, whichever upstream or table version it belongs to, so it survives
 * config changes and counts a backend's load across upstreams.
 *
 * <p>Whoever sends a request to an endpoint calls {@link #acquire()} first and {@link #release()} exactly once when
 * the exchange ends, however it ends.
 */
public final class Endpoint {

  private final Target target;
  private final AtomicInteger inFlight;

  Endpoint(Target target, AtomicInteger inFlight) {
    this.target = target;
    this.inFlight = inFlight;
  }

  public Target target() {
    return target;
  }

  public int inFlight() {
    return inFlight.get();
  }

  public void acquire() {
    inFlight.incrementAndGet();
  }

  public void release() {
    inFlight.decrementAndGet();
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
