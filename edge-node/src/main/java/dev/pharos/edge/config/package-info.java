/** The node's start-up settings: where they come from, their defaults, and their checks. */
package dev.pharos.edge.config;
