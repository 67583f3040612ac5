/** The edge node process: start-up, assembly of the cluster, config, admin and proxy parts, and shutdown. */
package dev.pharos.edge;
