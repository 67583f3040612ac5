package dev.pharos.edge.ratelimit;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Random;
import java.util.function.LongFunction;

/**
 * Several nodes counting one key against one owner, in simulated milliseconds: the real {@link LocalKey} and
 * {@link OwnerBucket} code, with syncs staggered over the interval and answers that take a round trip. Requests
 * arrive at each node at a steady rate; one that finds no valid lease waits for the answer to a report sent at once,
 * as {@link RateLimiter} makes it.
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
   * @param jitter whether each sync is late by up to a tenth of the interval (a busy event loop)
   * @return the times of the admitted requests, in order
   */
  long[] run(double[] perNodeRate, long durationMillis, boolean jitter) {
    return run(t -> perNodeRate, durationMillis, jitter);
  }

  /**
   * Runs {@code durationMillis} with {@code traffic.apply(t)[i]} requests per millisecond arriving at node i at
   * millisecond t.
   */
  long[] run(LongFunction<double[]> traffic, long durationMillis, boolean jitter) {
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
    int[] waiting = new int[nodes];
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
        for (; waiting[p.node()] > 0; waiting[p.node()]--) {
          if (keys[p.node()].tryAcquireAfterReport(t, localShare)) {
            admittedAt[admittedCount++] = t;
          }
        }
      }
      double[] perNodeRate = traffic.apply(t);
      for (int i = 0; i < nodes; i++) {
        arrivals[i] += perNodeRate[i];
        while (arrivals[i] >= 1) {
          arrivals[i] -= 1;
          if (keys[i] == null) {
            keys[i] = new LocalKey(false, limit, localShare, t);
          }
          LocalKey.Outcome outcome = keys[i].tryAcquire(t, limit);
          if (outcome == LocalKey.Outcome.ADMITTED) {
            admittedAt[admittedCount++] = t;
          } else if (outcome == LocalKey.Outcome.NEEDS_LEASE) {
            waiting[i]++;
            report(keys[i], i, t, toOwner);
          }
        }
        if (t >= nextSync[i]) {
          nextSync[i] += interval + (jitter ? random.nextInt((int) interval / 10) : 0);
          if (keys[i] != null && keys[i].needsSync()) {
            report(keys[i], i, t, toOwner);
          }
        }
      }
    }
    return Arrays.copyOf(admittedAt, admittedCount);
  }

  private void report(LocalKey key, int node, long now, Deque<Pending> toOwner) {
    LeaseRequest request = key.report(node, 1.0, interval, nodes, false, now);
    if (request != null) {
      toOwner.addLast(new Pending(node, request, now + roundTrip / 2, now + roundTrip));
    }
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
