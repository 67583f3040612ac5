package dev.pharos.edge.ratelimit;

import java.io.Serializable;

/**
 * The owner's answer to a {@link LeaseRequest}.
 *
 * @param held  tokens the node now holds: what it had left, as the owner counts it, plus what it was granted
 * @param free  tokens left in the bucket, not held by any node; negative while a debt is being repaid
 * @param total free tokens plus every node's holding: the bucket's level as a client would see it
 */
record Lease(double held, double free, double total) implements Serializable {
}
