/** Keeping this node's route table at the cluster's config version: events, periodic checks, and the swap. */
package dev.pharos.edge.sync;
