/**
 * Where the route table lives: the cluster's copy in Hazelcast (the truth), each node's copy on disk (the memory
 * across a full restart), and the rules that seed one from the other.
 */
package dev.pharos.edge.store;
