package dev.pharos.admin;

/** Whether this node should receive traffic, and if not, why (shown by {@code /readyz}). */
public interface Readiness {

  /** Null when ready; otherwise a short reason such as {@code "config not loaded"} or {@code "draining"}. */
  String notReadyReason();
}
