package dev.pharos.edge.upstream;

import dev.pharos.model.Target;

/** Chooses the target of an upstream for the next request. Shared by every event loop: implementations are thread-safe. */
public interface TargetSelector {

  /** The target for the next request, or null when the upstream has no usable target (the request answers 503). */
  Target next();
}
