package dev.pharos.edge.ratelimit;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs on the owner of a key of an exact rule: takes one token for one request if the bucket has one. */
final class ExactProcessor implements EntryProcessor<String, OwnerBucket, ExactAnswer> {

  private static final long serialVersionUID = 1L;

  private final double rate;
  private final double burst;

  ExactProcessor(BucketLimit limit) {
    this.rate = limit.ratePerMilli();
    this.burst = limit.burst();
  }

  @Override
  public ExactAnswer process(Map.Entry<String, OwnerBucket> entry) {
    long now = System.currentTimeMillis();
    OwnerBucket bucket = entry.getValue();
    if (bucket == null) {
      bucket = new OwnerBucket(burst, now);
    }
    boolean admitted = bucket.take(now, rate, burst);
    long ttl = Math.max(1000, (long) Math.ceil(2 * burst / Math.max(rate, 1e-9)));
    ((ExtendedMapEntry<String, OwnerBucket>) entry).setValue(bucket, ttl, TimeUnit.MILLISECONDS);
    return new ExactAnswer(admitted, bucket.total());
  }
}
