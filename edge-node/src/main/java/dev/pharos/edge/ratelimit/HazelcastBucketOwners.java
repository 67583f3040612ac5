package dev.pharos.edge.ratelimit;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.partition.Partition;
import com.hazelcast.partition.PartitionService;
import dev.pharos.model.ClusterNames;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Buckets in the Hazelcast map {@link ClusterNames#RATE_LIMIT_MAP}, each on the member that owns its key's partition,
 * with one backup so that a member's death does not reset the counts it owned. Reports are grouped by owner, so that
 * each member receives only its own keys' reports, in one call.
 */
final class HazelcastBucketOwners implements BucketOwners {

  private final IMap<String, OwnerBucket> buckets;
  private final PartitionService partitions;
  private final long activeWindowMillis;

  HazelcastBucketOwners(HazelcastInstance hazelcast, long activeWindowMillis) {
    this.buckets = hazelcast.getMap(ClusterNames.RATE_LIMIT_MAP);
    this.partitions = hazelcast.getPartitionService();
    this.activeWindowMillis = activeWindowMillis;
  }

  @Override
  public CompletionStage<Map<String, Lease>> lease(Map<String, LeaseRequest> requests) {
    Map<Member, Map<String, LeaseRequest>> byOwner = new HashMap<>();
    Map<String, LeaseRequest> ownerUnknown = new HashMap<>();
    requests.forEach((key, request) -> {
      Partition partition = partitions.getPartition(key);
      Member owner = partition == null ? null : partition.getOwner();
      (owner == null ? ownerUnknown : byOwner.computeIfAbsent(owner, m -> new HashMap<>())).put(key, request);
    });
    List<CompletableFuture<Map<String, Lease>>> calls = new ArrayList<>();
    byOwner.values().forEach(group -> calls.add(submit(group)));
    if (!ownerUnknown.isEmpty()) {
      calls.add(submit(ownerUnknown));
    }
    return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).thenApply(v -> {
      Map<String, Lease> leases = new HashMap<>(requests.size() * 2);
      calls.forEach(call -> leases.putAll(call.join()));
      return leases;
    });
  }

  private CompletableFuture<Map<String, Lease>> submit(Map<String, LeaseRequest> group) {
    return buckets.submitToKeys(group.keySet(), new LeaseProcessor(group, activeWindowMillis)).toCompletableFuture();
  }

  @Override
  public CompletionStage<ExactAnswer> take(String key, BucketLimit limit) {
    return buckets.submitToKey(key, new ExactProcessor(limit));
  }
}
