/** Cluster-wide rate limits: local admission from quota leased from each key's owner, and the owner's buckets. */
package dev.pharos.edge.ratelimit;
