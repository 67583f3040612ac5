/** Choosing which target of an upstream receives the next request. */
package dev.pharos.edge.upstream;
