/** Active health checks, sharded over the cluster, and each node's local view of every target's health. */
package dev.pharos.edge.health;
