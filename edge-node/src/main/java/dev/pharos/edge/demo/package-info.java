/** A tiny demo origin server, so the demo and manual tests have backends that show what the edge forwarded. */
package dev.pharos.edge.demo;
