/**
 * The vocabulary shared by every module: routes, upstreams and the versioned config snapshot, their JSON form,
 * their validation, and the names of the cluster maps and event-bus addresses that carry them.
 */
package dev.pharos.model;
