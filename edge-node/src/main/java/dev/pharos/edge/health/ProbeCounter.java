package dev.pharos.edge.health;

import dev.pharos.model.HealthCheck;

/**
 * Turns a target's probe results into its state: {@code healthyThreshold} successes in a row make it healthy,
 * {@code unhealthyThreshold} failures in a row make it unhealthy, anything else leaves the state as it is.
 */
final class ProbeCounter {

  private final HealthCheck check;
  private boolean healthy;
  private int streak;

  /** @param healthy the state to start from: what the cluster last published, or healthy for a new target */
  ProbeCounter(HealthCheck check, boolean healthy) {
    this.check = check;
    this.healthy = healthy;
  }

  /** Counts one result; true when it changed the state. */
  boolean record(boolean success) {
    if (success == healthy) {
      streak = 0;
      return false;
    }
    streak++;
    if (streak < (success ? check.healthyThreshold() : check.unhealthyThreshold())) {
      return false;
    }
    healthy = success;
    streak = 0;
    return true;
  }

  boolean healthy() {
    return healthy;
  }
}
