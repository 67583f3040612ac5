package dev.pharos.edge.ratelimit;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The token bucket of one key, kept by the member that owns the key's partition. Nodes never take tokens from it one
 * by one: each node holds a lease, a number of tokens granted to it and deducted from the bucket at once, and spends
 * it locally. At each sync a node reports what it spent, and the owner tops its lease up to a fair share of what is
 * free. Because every token is deducted before a node may spend it, the nodes together never spend more than the
 * bucket had:
 *
 * <pre>
 *   admitted in any window of T seconds  &lt;=  B + rate * T  (+ overdrafts, see below)
 *   where B = max(burst, min(burst, rate * I) + rate * I) &lt;= burst + rate * I, I the sync interval
 * </pre>
 *
 * The bucket holds B, more than the rule's burst when that is under two intervals' refill, for two reasons. Tokens
 * are handed out only at syncs, so the refill of the time between two syncs must fit in the bucket. And the owner
 * learns what a node spent only at its next report: until then the node's lease counts against the cap, spent or
 * not, so a bucket of the burst alone would lose most of its refill on a busy key. Two things keep that second part
 * small: a node says how long its lease has been empty, and the owner counts the lease as spent from then on (see
 * {@link #lease}); and leases are whole tokens, so no unusable fraction sits in a lease.
 *
 * The overdraft term: a node that cannot reach the owner within the owner timeout admits from a small local bucket
 * holding its own share of the limit ({@code 1 / expected members}); those admissions are reported as overdraft once
 * the owner answers again and charged to this bucket, which may go into debt down to {@code -burst}; while in debt
 * nothing is granted, so overdrafts are repaid. Without failures the bound holds exactly.
 *
 * <p>Leases are fair: at each sync a node's lease is set to {@code (free + held by active nodes) / max(active nodes,
 * members)}, or its part of one interval's refill when that is more, rounded up to a whole token, topped up from free
 * tokens (whole tokens only) or cut back. A node spends from the lease it knows until the answer arrives, so a cut can
 * overspend what the node spends in one round trip; that is charged back at its next report. A node that has not synced
 * for the active window is dropped and its lease returns to the bucket; nodes stop spending a lease well before that
 * (see {@link LocalKey}).
 *
 * <p>Mutable and not thread-safe: Hazelcast runs entry processors on the partition's thread, one at a time. It lives
 * in an {@code OBJECT}-format map, so a sync deserializes nothing on the owner.
 */
final class OwnerBucket implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final double EPSILON = 1e-9;

  private double free;
  private long updatedAt;
  private long[] nodes = new long[0];
  private double[] held = new double[0];
  private long[] seenAt = new long[0];

  /** A full bucket. */
  OwnerBucket(double burst, long now) {
    this.free = burst;
    this.updatedAt = now;
  }

  /**
   * Applies a node's report and tops its lease up. The refill up to the moment the node's lease ran out is capped with
   * that lease still counted as held, the refill after it with what the node reports spent taken off. The owner places
   * that moment later than it was (the report took time to arrive), never earlier, so the cap never counts a token as
   * spent while it could still be.
   */
  Lease lease(LeaseRequest request, long now, long activeWindowMillis) {
    expireInactive(now, activeWindowMillis, request.burst());
    int i = indexOf(request.node());
    if (i < 0) {
      i = add(request.node());
    }
    refill(now - request.emptyFor(), request.rate(), request.burst());
    held[i] -= request.consumed();
    if (held[i] < 0) {
      // The node spent more than the owner knows it was granted: a report counted twice after a lost answer. Charged.
      free += held[i];
      held[i] = 0;
    }
    refill(now, request.rate(), request.burst());
    free = Math.max(-request.burst(), free - request.overdraft());
    seenAt[i] = now;
    if (request.release()) {
      free = Math.min(request.burst(), free + held[i]);
      remove(i);
      return new Lease(0, free, total());
    }
    double grant = rebalance(i, request.members(), request.rate() * request.interval());
    held[i] += grant;
    free -= grant;
    return new Lease(held[i], free, total());
  }

  /** Exact mode: takes one token for a request if the bucket has one. */
  boolean take(long now, double rate, double burst) {
    refill(now, rate, burst);
    if (free >= 1 - EPSILON) {
      free -= 1;
      return true;
    }
    return false;
  }

  /** Free tokens plus every node's holding. */
  double total() {
    double sum = free;
    for (double h : held) {
      sum += h;
    }
    return sum;
  }

  double free() {
    return free;
  }

  int activeNodes() {
    return nodes.length;
  }

  /**
   * Sets node i's lease to its fair share: takes back what it holds beyond it, and tops it up from the free tokens.
   * The share is divided among the active nodes, but among no fewer than the members the node sees, so that the first
   * node to ask does not take the whole bucket from those about to ask. Yet an active node's share is at least its part
   * of one interval's refill when the pool has it: else, with a bucket of little more than that, a node busy on its own
   * would get a third of the limit.
   */
  private double rebalance(int i, int members, double oneInterval) {
    double pool = free;
    for (double h : held) {
      pool += h;
    }
    double share = Math.max(pool / Math.max(nodes.length, members), Math.min(pool, oneInterval) / nodes.length);
    double fair = Math.ceil(Math.max(0, share) - EPSILON);
    if (held[i] > fair) {
      free += held[i] - fair;
      held[i] = fair;
      return 0;
    }
    if (free <= EPSILON) {
      return 0;
    }
    // Whole tokens: a fraction left in a lease cannot admit a request, yet would count against the cap.
    return Math.max(0, Math.floor(Math.min(fair, held[i] + free) + EPSILON) - held[i]);
  }

  private void refill(long now, double rate, double burst) {
    if (now > updatedAt) {
      free += (now - updatedAt) * rate;
      updatedAt = now;
    }
    // Leases count against the cap too, so that a bucket never holds more than burst tokens in all.
    double cap = burst;
    for (double h : held) {
      cap -= h;
    }
    if (free > cap) {
      // Leases beyond the cap (the limit was lowered) are not turned into debt; they are simply spent down.
      free = Math.max(cap, Math.min(free, 0));
    }
  }

  private void expireInactive(long now, long activeWindowMillis, double burst) {
    for (int i = nodes.length - 1; i >= 0; i--) {
      if (now - seenAt[i] > activeWindowMillis) {
        free = Math.min(burst, free + held[i]);
        remove(i);
      }
    }
  }

  private int indexOf(long node) {
    for (int i = 0; i < nodes.length; i++) {
      if (nodes[i] == node) {
        return i;
      }
    }
    return -1;
  }

  private int add(long node) {
    int n = nodes.length;
    nodes = Arrays.copyOf(nodes, n + 1);
    held = Arrays.copyOf(held, n + 1);
    seenAt = Arrays.copyOf(seenAt, n + 1);
    nodes[n] = node;
    return n;
  }

  private void remove(int i) {
    int n = nodes.length - 1;
    nodes[i] = nodes[n];
    held[i] = held[n];
    seenAt[i] = seenAt[n];
    nodes = Arrays.copyOf(nodes, n);
    held = Arrays.copyOf(held, n);
    seenAt = Arrays.copyOf(seenAt, n);
  }
}
