/**
 * The cluster's HTTP cache: responses kept in a Hazelcast map with per-entry TTL and a per-node memory bound, a local
 * hot copy on each node, concurrent misses collapsed into one origin fetch across the cluster, and purges that
 * complete only once every member dropped its copies. The HTTP rules it follows are in {@code cache.http}; the stage
 * that applies them to requests is {@code proxy.CacheStage}.
 */
package dev.pharos.edge.cache;
