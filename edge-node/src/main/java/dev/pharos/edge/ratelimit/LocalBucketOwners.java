package dev.pharos.edge.ratelimit;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Buckets in this process, for a node that is its own cluster in tests of the request path. Never expires a bucket.
 */
final class LocalBucketOwners implements BucketOwners {

  private final Map<String, OwnerBucket> buckets = new HashMap<>();
  private final long activeWindowMillis;

  LocalBucketOwners(long activeWindowMillis) {
    this.activeWindowMillis = activeWindowMillis;
  }

  @Override
  public synchronized CompletionStage<Map<String, Lease>> lease(Map<String, LeaseRequest> requests) {
    long now = System.currentTimeMillis();
    Map<String, Lease> leases = new HashMap<>();
    requests.forEach((key, request) -> leases.put(key,
      buckets.computeIfAbsent(key, k -> new OwnerBucket(request.burst(), now)).lease(request, now, activeWindowMillis)));
    return CompletableFuture.completedFuture(leases);
  }

  @Override
  public synchronized CompletionStage<ExactAnswer> take(String key, BucketLimit limit) {
    long now = System.currentTimeMillis();
    OwnerBucket bucket = buckets.computeIfAbsent(key, k -> new OwnerBucket(limit.burst(), now));
    return CompletableFuture.completedFuture(new ExactAnswer(bucket.take(now, limit.ratePerMilli(), limit.burst()),
      bucket.total()));
  }
}
