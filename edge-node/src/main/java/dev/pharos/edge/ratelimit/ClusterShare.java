package dev.pharos.edge.ratelimit;

/**
 * The fraction of every limit this node's side of the cluster enforces: 1 while it sees the members the cluster is
 * expected to have, {@code seen / expected} when it sees fewer (a partition, or members down). Each side of a split
 * then admits its share, and the sides together never more than the limit: rate limits fail closed by share.
 * Updated from Hazelcast's membership events; read on every request.
 */
public final class ClusterShare {

  private final int expected;
  private volatile int visible;

  public ClusterShare(int expected, int visible) {
    if (expected < 1) {
      throw new IllegalArgumentException("expected: " + expected + " (expected: >= 1)");
    }
    this.expected = expected;
    this.visible = visible;
  }

  void visible(int members) {
    visible = members;
  }

  public int visible() {
    return visible;
  }

  public int expected() {
    return expected;
  }

  public double share() {
    return Math.min(1.0, (double) visible / expected);
  }

  /** One member's share of a limit: what a node admits on its own, without a lease. */
  double memberShare() {
    return 1.0 / Math.max(expected, visible);
  }
}
