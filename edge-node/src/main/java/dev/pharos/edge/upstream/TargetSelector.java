package dev.pharos.edge.upstream;

/**
 * Chooses the target of an upstream for a request. Shared by every event loop: implementations are thread-safe, and
 * they read the load of endpoints through {@link Endpoint#inFlight()}, which callers keep up to date.
 */
public interface TargetSelector {

  /** The endpoint for the request, or null when the upstream has no usable target (the request answers 503). */
  Endpoint next(RequestFacts request);
}
