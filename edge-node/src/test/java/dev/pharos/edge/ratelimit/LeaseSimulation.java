package dev.pharos.edge.ratelimit;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Random;

/**
 * Several nodes counting one key against one owner, in simulated milliseconds: the real {@link LocalKey} and
 * {@link OwnerBucket} code, with syncs staggered over the interval and answers that take a round trip. Requests
 * arrive at each node at a steady rate, or in bursts.
 */
final class LeaseSimulation {

  private final BucketLimit limit;
  private final int nodes;
  private final long interval;
  private final long roundTrip;
  private final Random random;
  private final long[] admittedAt;
  private int admittedCount;

  LeaseSimulation(BucketLimit limit, int nodes, long interval, long roundTrip, long seed, long maxAdmitted) {
    this.limit = limit;
    this.nodes = nodes;
    this.interval = interval;
    this.roundTrip = roundTrip;
    this.random = new Random(seed);
    this.admittedAt = new long[(int) maxAdmitted];
  }

  private record Pending(int node, LeaseRequest request, long ownerAt, long answerAt) {
  }

  /**
   * Runs {@code durationMillis} with {@code perNodeRate[i]} requests per millisecond arriving at node i.
   *
   * @param jitter whether each sync is late by a random part of the interval
   * @return the times of the admitted requests, in order
   */
  long[] run(double[] perNodeRate, long durationMillis, boolean jitter) {
    BucketLimit localShare = limit.scaled(1.0 / nodes);
    OwnerBucket owner = null;
    LocalKey[] keys = new LocalKey[nodes];
    double[] arrivals = new double[nodes];
    long[] nextSync = new long[nodes];
    for (int i = 0; i < nodes; i++) {
      nextSync[i] = interval * i / nodes;
    }
    Deque<Pending> toOwner = new ArrayDeque<>();
    Deque<Pending> toNode = new ArrayDeque<>();
    Lease[] answers = new Lease[nodes];
    for (long t = 0; t < durationMillis; t++) {
      while (!toOwner.isEmpty() && toOwner.peekFirst().ownerAt() <= t) {
        Pending p = toOwner.pollFirst();
        if (owner == null) {
          owner = new OwnerBucket(p.request().burst(), t);
        }
        answers[p.node()] = owner.lease(p.request(), t, 20 * interval);
        toNode.addLast(p);
      }
      while (!toNode.isEmpty() && toNode.peekFirst().answerAt() <= t) {
        Pending p = toNode.pollFirst();
        keys[p.node()].leased(answers[p.node()], t, 10 * interval);
      }
      for (int i = 0; i < nodes; i++) {
        arrivals[i] += perNodeRate[i];
        while (arrivals[i] >= 1) {
          arrivals[i] -= 1;
          if (keys[i] == null) {
            keys[i] = new LocalKey(false, limit, localShare, t);
          }
          if (keys[i].tryAcquire(t, limit, localShare)) {
            admittedAt[admittedCount++] = t;
          }
        }
        if (t >= nextSync[i]) {
          nextSync[i] += interval + (jitter ? random.nextInt((int) interval) : 0);
          if (keys[i] != null && keys[i].needsSync()) {
            long oneWay = roundTrip / 2;
            toOwner.addLast(new Pending(i, keys[i].report(i, 1.0, interval, false), t + oneWay, t + roundTrip));
          }
        }
      }
    }
    return Arrays.copyOf(admittedAt, admittedCount);
  }

  /** The most requests admitted in any window of {@code window} milliseconds starting at or after {@code from}. */
  static int maxInWindow(long[] admitted, long window, long from) {
    int best = 0;
    int start = 0;
    for (int end = 0; end < admitted.length; end++) {
      if (admitted[end] < from) {
        start = end + 1;
        continue;
      }
      while (admitted[end] - admitted[start] >= window) {
        start++;
      }
      best = Math.max(best, end - start + 1);
    }
    return best;
  }
}
