package dev.pharos.admin;

/**
 * One purge of the cluster's cache: every entry of a URL, of URLs under a prefix, tagged by the origin with a
 * {@code Surrogate-Key} tag, or stored through a route.
 */
public record CachePurge(Kind kind, String value) {

  public enum Kind { URL, PREFIX, TAG, ROUTE }
}
