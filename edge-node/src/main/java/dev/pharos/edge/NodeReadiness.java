package dev.pharos.edge;

import com.hazelcast.core.HazelcastInstance;
import dev.pharos.admin.Readiness;
import dev.pharos.edge.sync.ConfigWatcher;

/** Ready means: a running cluster member, serving the cluster's current config version, not draining. */
final class NodeReadiness implements Readiness {

  private final HazelcastInstance hazelcast;
  private final ConfigWatcher watcher;
  private volatile boolean draining;

  NodeReadiness(HazelcastInstance hazelcast, ConfigWatcher watcher) {
    this.hazelcast = hazelcast;
    this.watcher = watcher;
  }

  void startDraining() {
    draining = true;
  }

  boolean isReady() {
    return notReadyReason() == null;
  }

  @Override
  public String notReadyReason() {
    if (draining) {
      return "draining";
    }
    if (!hazelcast.getLifecycleService().isRunning()) {
      return "not a cluster member";
    }
    if (!watcher.isCurrent()) {
      return "config not loaded (serving version " + watcher.appliedVersion() + ")";
    }
    return null;
  }
}
