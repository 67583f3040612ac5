/** Matching a request's host, path and method to a route, from an immutable table compiled per config version. */
package dev.pharos.edge.routing;
