package dev.pharos.edge.ratelimit;

import java.util.concurrent.CompletableFuture;

/**
 * One key of one rule as a node counts it. Requests are admitted from the node's lease: tokens the key's owner granted
 * it (see {@link OwnerBucket}). A request that finds no valid lease (the key is new to the node, or its lease lapsed
 * while the key was idle) waits for the owner's answer to a report sent at once; that costs one round trip to the
 * owner, once per key and node, and again only after the key was idle. Only when the owner cannot be reached does the
 * node admit from a local bucket holding its own share of the limit ({@code 1 / expected members}, at least one
 * token), and those admissions are reported to the owner as overdraft once it can be reached again.
 *
 * <p>A lease is valid for {@code leaseLifetime} after the owner's last answer. Nodes with traffic on the key report at
 * every sync interval, so for them it never lapses; it lapses on a node that saw no request for a while, before the
 * owner takes back leases of nodes it has not heard from (after twice that time).
 *
 * <p>Used by every event loop of a node and by the sync task; each method holds the key's lock for a few arithmetic
 * operations and never waits for anything else.
 */
final class LocalKey {

  /** What a request found. */
  enum Outcome { ADMITTED, REFUSED, NEEDS_LEASE }

  private static final long NOT_EMPTY = Long.MAX_VALUE;

  /**
   * The size of the bucket the owner keeps: the rule's burst, raised to two sync intervals' refill when it is smaller,
   * but by no more than one interval's refill. Tokens are handed out only at syncs, and leases count against the bucket
   * until their node reports, so a smaller bucket would lose its refill on a busy key (see {@link OwnerBucket}). The
   * cluster then admits at most one interval's refill beyond the rule's burst.
   */
  static double ownerBurst(BucketLimit scaled, long syncInterval) {
    double oneInterval = syncInterval * scaled.ratePerMilli();
    return Math.max(scaled.burst(), Math.min(scaled.burst(), oneInterval) + oneInterval);
  }

  private final boolean exact;

  // Guarded by this.
  private BucketLimit limit;
  private double held;
  private long leaseValidUntil;
  // Since when the lease has held less than one token, or NOT_EMPTY.
  private long emptySince = NOT_EMPTY;
  private double consumed;
  private double overdraft;
  private double reportedConsumed;
  private double reportedOverdraft;
  private CompletableFuture<Void> inFlight;
  private long demand;
  private long lastSeen;
  private double local;
  private long localUpdatedAt;
  private double lastTotal = Double.NaN;

  /**
   * @param exact      whether the key's rule asks the owner per request; such a key only uses its local share
   * @param limit      the rule's bucket for the whole cluster
   * @param localShare the node's own share of it
   */
  LocalKey(boolean exact, BucketLimit limit, BucketLimit localShare, long now) {
    this.exact = exact;
    this.limit = limit;
    this.local = localShare.burst();
    this.localUpdatedAt = now;
    this.lastSeen = now;
  }

  boolean exact() {
    return exact;
  }

  /**
   * Takes a token for one request from the lease, if the lease is valid.
   *
   * @param limit the rule's bucket for the whole cluster, as the route table says now
   */
  synchronized Outcome tryAcquire(long now, BucketLimit limit) {
    this.limit = limit;
    demand++;
    lastSeen = now;
    if (now >= leaseValidUntil) {
      return Outcome.NEEDS_LEASE;
    }
    return takeLease(now);
  }

  /**
   * After the owner's answer to a report the request waited for: takes a token from the lease if the answer renewed
   * it, else (the owner could not be reached) from the node's local share.
   */
  synchronized boolean tryAcquireAfterReport(long now, BucketLimit localShare) {
    if (now < leaseValidUntil) {
      return takeLease(now) == Outcome.ADMITTED;
    }
    return takeLocal(now, localShare);
  }

  /** Takes a token from the local share alone: an exact rule's fallback when the owner cannot be reached. */
  synchronized boolean tryAcquireLocal(long now, BucketLimit localShare) {
    demand++;
    lastSeen = now;
    return takeLocal(now, localShare);
  }

  /** Marks a request the owner decided on, so the key is not taken for idle. */
  synchronized void seen(long now) {
    lastSeen = now;
  }

  private Outcome takeLease(long now) {
    if (held >= 1) {
      held -= 1;
      consumed += 1;
      if (held < 1) {
        emptySince = now;
      }
      return Outcome.ADMITTED;
    }
    return Outcome.REFUSED;
  }

  private boolean takeLocal(long now, BucketLimit localShare) {
    if (now > localUpdatedAt) {
      local = Math.min(localShare.burst(), local + (now - localUpdatedAt) * localShare.ratePerMilli());
      localUpdatedAt = now;
    }
    if (local >= 1) {
      local -= 1;
      overdraft += 1;
      return true;
    }
    return false;
  }

  /** Whether the owner has something to learn: requests seen or tokens spent since the last report. */
  synchronized boolean needsSync() {
    return !exact && inFlight == null && (demand > 0 || consumed > 0 || overdraft > 0);
  }

  synchronized boolean idleSince(long cutoff) {
    return inFlight == null && lastSeen < cutoff;
  }

  /** Completes when the report in flight is answered or failed; null when none is in flight. */
  synchronized CompletableFuture<Void> reportInFlight() {
    return inFlight;
  }

  /**
   * Starts a report: what was spent since the last one moves into it, and how long the lease has been empty.
   *
   * @param share        the fraction of the limit this side of the cluster enforces
   * @param syncInterval milliseconds between two reports of a busy key
   * @param members      the members this node sees
   * @param now          the time the report is sent
   * @return the report, or null when one is in flight already
   */
  synchronized LeaseRequest report(long node, double share, long syncInterval, int members, boolean release,
                                   long now) {
    if (inFlight != null) {
      return null;
    }
    inFlight = new CompletableFuture<>();
    BucketLimit scaled = limit.scaled(share);
    double burst = ownerBurst(scaled, syncInterval);
    reportedConsumed = consumed;
    reportedOverdraft = overdraft;
    consumed = 0;
    overdraft = 0;
    demand = 0;
    return new LeaseRequest(node, reportedConsumed, reportedOverdraft, release, scaled.ratePerMilli(), burst,
      members, syncInterval, emptySince == NOT_EMPTY ? 0 : Math.max(0, now - emptySince));
  }

  /**
   * The owner answered: what it counts as held, less what was spent from the lease since the report, is the lease now.
   */
  void leased(Lease lease, long now, long leaseLifetime) {
    CompletableFuture<Void> answered;
    synchronized (this) {
      held = Math.max(0, lease.held() - consumed);
      emptySince = held < 1 ? now : NOT_EMPTY;
      leaseValidUntil = now + leaseLifetime;
      lastTotal = lease.total();
      answered = inFlight;
      inFlight = null;
    }
    if (answered != null) {
      answered.complete(null);
    }
  }

  /**
   * The report may or may not have reached the owner: it is sent again with the next one. Counting it twice can only
   * refuse more, never admit more. The lease stays valid until it lapses.
   */
  void reportFailed() {
    CompletableFuture<Void> failed;
    synchronized (this) {
      consumed += reportedConsumed;
      overdraft += reportedOverdraft;
      failed = inFlight;
      inFlight = null;
    }
    if (failed != null) {
      failed.complete(null);
    }
  }

  /** The owner's view for an exact rule: the bucket's level after its decision. */
  synchronized void ownerLevel(double total) {
    lastTotal = total;
  }

  /**
   * Tokens a client may still use, as this node estimates it: the owner's level at the last answer less what this node
   * spent since.
   *
   * @param scaled the limit as this side of the cluster enforces it
   */
  synchronized long remaining(BucketLimit scaled) {
    double level = Double.isNaN(lastTotal) ? scaled.burst() : lastTotal;
    return (long) Math.max(0, Math.floor(level - consumed - overdraft));
  }
}
