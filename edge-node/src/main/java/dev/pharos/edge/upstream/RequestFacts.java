package dev.pharos.edge.upstream;

/**
 * What a selector may read of a request. Implementations read lazily from the request itself, so a policy pays only
 * for what it looks at.
 */
public interface RequestFacts {

  /** The address of the client's connection, as the edge sees it; null when unknown. */
  String clientIp();

  /** The first value of a header, or null. */
  String header(String name);

  /** The value of a cookie the request carries, or null. */
  String cookie(String name);
}
