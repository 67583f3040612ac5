package dev.pharos.edge.upstream;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The target addresses ({@code host:port}) this node sends no traffic to, as the cluster's health checks found them.
 * Written by the node's health view from any thread; read by selectors, which recompute their choice only when
 * {@link #version()} has moved.
 */
public final class TargetHealth {

  private final Set<String> down = ConcurrentHashMap.newKeySet();
  private final AtomicLong version = new AtomicLong();

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

  public boolean isHealthy(String address) {
    return !down.contains(address);
  }

  /** Moves on every change, so a reader can tell that what it derived from an earlier version is stale. */
  long version() {
    return version.get();
  }
}
