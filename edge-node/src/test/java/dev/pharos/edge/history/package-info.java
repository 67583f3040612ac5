/** The config history across a real cluster: listing, and rollback to an earlier table on every node. */
package dev.pharos.edge.history;
