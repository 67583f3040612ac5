package dev.pharos.edge.ratelimit;

import java.util.Map;
import java.util.concurrent.CompletionStage;

/** Where the keys' {@link OwnerBucket}s live. Every call is asynchronous and may complete on any thread. */
interface BucketOwners {

  /** Applies each node report to its key's bucket and answers with the node's lease, by key. */
  CompletionStage<Map<String, Lease>> lease(Map<String, LeaseRequest> requests);

  /** Exact mode: takes one token from the key's bucket if it has one. */
  CompletionStage<ExactAnswer> take(String key, BucketLimit limit);
}
