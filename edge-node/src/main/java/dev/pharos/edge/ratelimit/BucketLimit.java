package dev.pharos.edge.ratelimit;

import dev.pharos.model.RateLimitRule;

/**
 * A rule's bucket as it applies somewhere: on one side of the cluster, or in one node's local share.
 *
 * @param ratePerMilli tokens gained per millisecond
 * @param burst        the most tokens the bucket holds
 */
record BucketLimit(double ratePerMilli, double burst) {

  static BucketLimit of(RateLimitRule rule) {
    return new BucketLimit(rule.ratePerSecond() / 1000.0, rule.burst());
  }

  /** A share of this bucket; it holds at least one token, or no request could ever pass it. */
  BucketLimit scaled(double factor) {
    return new BucketLimit(ratePerMilli * factor, Math.max(1, burst * factor));
  }
}
