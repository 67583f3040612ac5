/**
 * The node's metrics: one Prometheus registry per node, fed by Vert.x, the JVM and the edge's own request and
 * connection counts, and scraped by the admin API's {@code /metrics}. Every label value comes from a closed set (route
 * ids from the config, standard methods, status classes), never from what a client sends.
 */
package dev.pharos.edge.metrics;
