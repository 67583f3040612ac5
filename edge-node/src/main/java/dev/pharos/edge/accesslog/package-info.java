/**
 * The access log: one JSON line per request, written by a thread of its own so that a slow disk or a stalled pipe
 * never holds up an event loop. Lines the writer cannot keep up with are dropped and counted.
 */
package dev.pharos.edge.accesslog;
