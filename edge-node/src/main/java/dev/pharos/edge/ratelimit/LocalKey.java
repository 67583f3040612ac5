package dev.pharos.edge.ratelimit;

/**
 * One key of one rule as a node counts it. Requests are admitted from the node's lease (tokens the key's owner
 * granted it, see {@link OwnerBucket}) while the lease is valid, or else from a local bucket holding the node's own
 * share of the limit, {@code 1 / expected members}, whose admissions are reported to the owner as overdraft.
 *
 * <p>A lease is valid for {@code leaseLifetime} after the owner's last answer. Nodes with traffic on the key sync at
 * every interval, so for them it never lapses; it lapses on a node that saw no request for a while, before the owner
 * takes back leases of nodes it has not heard from (after twice that time).
 *
 * <p>Used by every event loop of a node and by the sync task; each method holds the key's lock for a few arithmetic
 * operations and never waits for anything else.
 */
final class LocalKey {

  static final int MIN_BUCKET_INTERVALS = 4;

  private final boolean exact;

  // Guarded by this.
  private BucketLimit limit;
  private double held;
  private long leaseValidUntil;
  private double consumed;
  private double overdraft;
  private double reportedConsumed;
  private double reportedOverdraft;
  private boolean syncing;
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
   * Takes a token for one request, from the lease when it is valid, else from the local share.
   *
   * @param limit      the rule's bucket for the whole cluster, as the route table says now
   * @param localShare the node's own share of it
   */
  synchronized boolean tryAcquire(long now, BucketLimit limit, BucketLimit localShare) {
    this.limit = limit;
    demand++;
    lastSeen = now;
    if (now < leaseValidUntil) {
      if (held >= 1) {
        held -= 1;
        consumed += 1;
        return true;
      }
      return false;
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

  private boolean takeLocal(long now, BucketLimit localShare) {
    if (now > localUpdatedAt) {
      local = Math.min(localShare.burst(), local + (now - localUpdatedAt) * localShare.ratePerMilli());
      localUpdatedAt = now;
    }
    held = 0;
    if (local >= 1) {
      local -= 1;
      overdraft += 1;
      return true;
    }
    return false;
  }

  /** Whether the owner has something to learn: requests seen or tokens spent since the last report. */
  synchronized boolean needsSync() {
    return !exact && !syncing && (demand > 0 || consumed > 0 || overdraft > 0);
  }

  synchronized boolean idleSince(long cutoff) {
    return !syncing && lastSeen < cutoff;
  }

  /**
   * Starts a report: what was spent since the last one moves into it.
   *
   * The bucket the owner keeps holds at least {@value #MIN_BUCKET_INTERVALS} sync intervals' worth of tokens, even
   * when the rule's burst is smaller: tokens are handed out only at syncs, and a bucket that filled up between two of
   * them (late ones included) would lose its refill.
   *
   * @param share        the fraction of the limit this side of the cluster enforces
   * @param syncInterval milliseconds between two reports of a busy key
   */
  synchronized LeaseRequest report(long node, double share, long syncInterval, boolean release) {
    BucketLimit scaled = limit.scaled(share);
    double burst = Math.max(scaled.burst(), MIN_BUCKET_INTERVALS * syncInterval * scaled.ratePerMilli());
    syncing = true;
    reportedConsumed = consumed;
    reportedOverdraft = overdraft;
    consumed = 0;
    overdraft = 0;
    demand = 0;
    return new LeaseRequest(node, reportedConsumed, reportedOverdraft, release, scaled.ratePerMilli(), burst);
  }

  /**
   * The owner answered: what it counts as held, less what was spent from the lease since the report, is the lease now.
   */
  synchronized void leased(Lease lease, long now, long leaseLifetime) {
    syncing = false;
    held = Math.max(0, lease.held() - consumed);
    leaseValidUntil = now + leaseLifetime;
    lastTotal = lease.total();
  }

  /**
   * The report may or may not have reached the owner: it is sent again with the next one. Counting it twice can only
   * refuse more, never admit more. The lease stays valid until it lapses.
   */
  synchronized void reportFailed() {
    syncing = false;
    consumed += reportedConsumed;
    overdraft += reportedOverdraft;
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
