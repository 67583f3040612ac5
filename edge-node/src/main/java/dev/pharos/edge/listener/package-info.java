/**
 * How a public listener accepts connections, shared by every listener of a node (HTTP and HTTPS): the PROXY protocol
 * that carries the client's address through an L4 load balancer.
 */
package dev.pharos.edge.listener;
