package dev.pharos.edge.upstream;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The target addresses ({@code host:port}) this node sends no traffic to: those the cluster's health checks found
 * unhealthy, and those passive health ejected until a given time. A target is healthy when neither holds it, so an
 * ejected target that comes back is still kept out while its probes fail. Written by the node's health view from any
 * thread; read by selectors, which recompute their choice only when {@link #version()} has moved. The version also
 * moves when an ejection ends: the first reader after its end drops it.
 */
public final class TargetHealth {

  private final Set<String> down = ConcurrentHashMap.newKeySet();
  // Epoch milliseconds when each ejection ends.
  private final Map<String, Long> ejectedUntil = new ConcurrentHashMap<>();
  private final AtomicLong version = new AtomicLong();
  private final LongSupplier clock;
  private volatile long nextReturn = Long.MAX_VALUE;

  public TargetHealth() {
    this(System::currentTimeMillis);
  }

  /** @param clock epoch milliseconds, the clock ejections are timed by */
  TargetHealth(LongSupplier clock) {
    this.clock = clock;
  }

  public void markHealthy(String address) {
    if (down.remove(address)) {
      version.incrementAndGet();
    }
  }

  public void markUnhealthy(String address) {
    if (down.add(address)) {
      version.incrementAndGet();
    }
  }

  /** Keeps {@code address} out of service until {@code untilMillis} (epoch); an ejection already known is replaced. */
  public synchronized void eject(String address, long untilMillis) {
    if (untilMillis <= clock.getAsLong()) {
      readmit(address);
      return;
    }
    Long before = ejectedUntil.put(address, untilMillis);
    if (before == null || before != untilMillis) {
      nextReturn = Math.min(nextReturn, untilMillis);
      version.incrementAndGet();
    }
  }

  /** Ends the ejection of {@code address} now, if it has one. */
  public synchronized void readmit(String address) {
    if (ejectedUntil.remove(address) != null) {
      version.incrementAndGet();
    }
  }

  public boolean isHealthy(String address) {
    return !down.contains(address) && !isEjected(address);
  }

  /** Whether passive health keeps {@code address} out of service now. */
  public boolean isEjected(String address) {
    Long until = ejectedUntil.get(address);
    return until != null && clock.getAsLong() < until;
  }

  /** Moves on every change, so a reader can tell that what it derived from an earlier version is stale. */
  long version() {
    if (clock.getAsLong() >= nextReturn) {
      endEjections();
    }
    return version.get();
  }

  private synchronized void endEjections() {
    long now = clock.getAsLong();
    if (ejectedUntil.values().removeIf(until -> until <= now)) {
      version.incrementAndGet();
    }
    nextReturn = ejectedUntil.values().stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE);
  }
}
