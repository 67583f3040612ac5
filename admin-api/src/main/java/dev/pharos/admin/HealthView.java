package dev.pharos.admin;

import dev.pharos.model.TargetEjection;
import dev.pharos.model.TargetStatus;

import java.util.Map;

/**
 * What the admin API can see of the targets' health: the node's local copy of what the probers published, and of the
 * ejections passive health made.
 */
public interface HealthView {

  /** The last status published for each probed target, by {@code host:port}. Never blocks. */
  Map<String, TargetStatus> targets();

  /** How this node enforces rate limits now. Never blocks. */
  default RateLimitHealth rateLimits() {
    return RateLimitHealth.NONE;
  }

  /**
   * The last ejection of each target ejected lately, by {@code host:port}, whether or not it has ended yet. Never
   * blocks.
   */
  default Map<String, TargetEjection> ejections() {
    return Map.of();
  }
}
