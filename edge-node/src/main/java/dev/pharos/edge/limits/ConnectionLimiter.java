package dev.pharos.edge.limits;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts a node's open client connections, in all and per client address, across every event loop. The per-address
 * map holds only addresses with a connection open, so it never has more entries than the node has connections.
 */
public final class ConnectionLimiter {

  private final int maxConnections;
  private final int maxPerClient;
  private final AtomicInteger open = new AtomicInteger();
  private final ConcurrentHashMap<String, Integer> perClient = new ConcurrentHashMap<>();

  public ConnectionLimiter(int maxConnections, int maxPerClient) {
    this.maxConnections = maxConnections;
    this.maxPerClient = maxPerClient;
  }

  public static ConnectionLimiter of(ListenerLimits limits) {
    return new ConnectionLimiter(limits.maxConnections(), limits.maxConnectionsPerClient());
  }

  /**
   * Counts a new connection from {@code client} if both limits allow it.
   *
   * @return true when counted: call {@link #release} with the same address once it closes; false when over a limit
   */
  public boolean tryAcquire(String client) {
    if (open.incrementAndGet() > maxConnections) {
      open.decrementAndGet();
      return false;
    }
    boolean[] counted = {false};
    perClient.compute(client, (address, count) -> {
      int n = count == null ? 0 : count;
      if (n >= maxPerClient) {
        return count;
      }
      counted[0] = true;
      return n + 1;
    });
    if (!counted[0]) {
      open.decrementAndGet();
    }
    return counted[0];
  }

  public void release(String client) {
    perClient.computeIfPresent(client, (address, count) -> count == 1 ? null : count - 1);
    open.decrementAndGet();
  }

  /** Connections counted as open. */
  public int open() {
    return open.get();
  }

  /** Client addresses with a connection open. */
  public int clients() {
    return perClient.size();
  }
}
