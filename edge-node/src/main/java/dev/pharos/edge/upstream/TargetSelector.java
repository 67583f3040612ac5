package dev.pharos.edge.upstream;

import java.util.Set;

/**
 * Chooses the target of an upstream for a request. Shared by every event loop: implementations are thread-safe, and
 * they read the load of endpoints through {@link Endpoint#inFlight()}, which callers keep up to date.
 */
public interface TargetSelector {

  /** The endpoint for the request, or null when the upstream has no usable target (the request answers 503). */
  Endpoint next(RequestFacts request);

  /** The endpoint for a retry of the request: one not in {@code tried}, or null when the policy offers none. */
  default Endpoint nextUntried(RequestFacts request, Set<Endpoint> tried) {
    Endpoint endpoint = next(request);
    return tried.contains(endpoint) ? null : endpoint;
  }
}
