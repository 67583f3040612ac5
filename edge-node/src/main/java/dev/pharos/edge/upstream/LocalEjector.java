package dev.pharos.edge.upstream;

import dev.pharos.model.OutlierDetection;
import dev.pharos.model.TargetEjection;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Ejects targets from this node alone: for a node that shares its health with no other. */
final class LocalEjector implements Ejector {

  private final TargetHealth health;
  private final Map<String, TargetEjection> last = new ConcurrentHashMap<>();

  LocalEjector(TargetHealth health) {
    this.health = health;
  }

  @Override
  public void eject(String address, String reason, OutlierDetection settings) {
    long now = System.currentTimeMillis();
    TargetEjection ejection = last.compute(address, (a, previous) -> previous != null && previous.isActive(now)
      ? previous : TargetEjection.next(previous, address, now, reason, "this node", settings));
    health.eject(address, ejection.until());
  }
}
