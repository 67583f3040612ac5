/** Joining the Hazelcast cluster, and what members tell each other about the config version they serve. */
package dev.pharos.edge.cluster;
