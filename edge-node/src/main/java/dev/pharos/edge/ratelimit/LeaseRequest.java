package dev.pharos.edge.ratelimit;

import java.io.Serializable;

/**
 * What a node tells a key's owner at a sync: what it consumed since its last sync, and the limit as it applies on the
 * node's side of the cluster (already scaled by its {@linkplain ClusterShare share}).
 *
 * @param node      the node's id, stable while it runs
 * @param consumed  tokens it took from the lease the owner granted it
 * @param overdraft tokens it admitted without a lease, from its local share; the owner charges them as debt
 * @param release   the node stops tracking the key: its remaining lease goes back to the bucket
 * @param rate      tokens per millisecond
 * @param burst     the most tokens the bucket holds
 * @param members   the members the node sees: the most that may share the key, whether the owner heard from them yet
 *                  or not
 * @param interval  the sync interval in milliseconds
 * @param emptyFor  milliseconds the node's lease had been empty (under one token) when it sent the report, 0 when it
 *                  was not: the owner counts the lease as spent from then on, not from the report
 */
record LeaseRequest(long node, double consumed, double overdraft, boolean release, double rate, double burst,
                    int members, long interval, long emptyFor) implements Serializable {
}
