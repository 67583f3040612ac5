/**
 * The request pipeline of an edge node: the stages every proxied request passes through, from the client to the
 * upstream target chosen by the route table and back.
 */
package dev.pharos.edge.proxy;
