package dev.pharos.edge.ratelimit;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs on the owner of each key: applies the node's report to the key's bucket and answers with the node's lease. One
 * processor carries the reports for every key one member owns, so a sync costs one call per member. The entry lives
 * until it is unused long enough to have refilled, and no less than the owners' active window.
 */
final class LeaseProcessor implements EntryProcessor<String, OwnerBucket, Lease> {

  private static final long serialVersionUID = 1L;

  private final Map<String, LeaseRequest> requests;
  private final long activeWindowMillis;

  LeaseProcessor(Map<String, LeaseRequest> requests, long activeWindowMillis) {
    this.requests = requests;
    this.activeWindowMillis = activeWindowMillis;
  }

  @Override
  public Lease process(Map.Entry<String, OwnerBucket> entry) {
    LeaseRequest request = requests.get(entry.getKey());
    long now = System.currentTimeMillis();
    OwnerBucket bucket = entry.getValue();
    if (bucket == null) {
      bucket = new OwnerBucket(request.burst(), now);
    }
    Lease lease = bucket.lease(request, now, activeWindowMillis);
    long ttl = Math.max(2 * activeWindowMillis,
      (long) Math.ceil(2 * request.burst() / Math.max(request.rate(), 1e-9)));
    ((ExtendedMapEntry<String, OwnerBucket>) entry).setValue(bucket, ttl, TimeUnit.MILLISECONDS);
    return lease;
  }
}
