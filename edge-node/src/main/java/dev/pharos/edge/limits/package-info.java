/** What one client may ask of a node's public listener: sizes, times and connection counts. */
package dev.pharos.edge.limits;
