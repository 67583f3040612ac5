/** Taking a node out of service on SIGTERM without failing the requests it has accepted. */
package dev.pharos.edge.drain;
