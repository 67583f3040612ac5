package dev.pharos.edge.health;

import dev.pharos.model.ConfigSnapshot;
import dev.pharos.model.HealthCheck;
import dev.pharos.model.Target;
import dev.pharos.model.Upstream;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The health check of every target address a config probes. Health belongs to the address, not to an upstream: when
 * several upstreams with health checks name one address, the first by upstream id sets how it is probed, and its
 * state counts for all of them. Targets of weight 0 get no traffic and are not probed.
 */
record ProbePlan(Map<String, ProbeTarget> targets) {

  /** A target and how it is probed. */
  record ProbeTarget(Target target, HealthCheck check) {
  }

  static ProbePlan of(ConfigSnapshot snapshot) {
    Map<String, ProbeTarget> targets = new LinkedHashMap<>();
    for (Upstream upstream : snapshot.upstreams().values()) {
      if (upstream.healthCheck() != null) {
        for (Target target : upstream.targets()) {
          if (target.weight() > 0) {
            targets.putIfAbsent(target.address(), new ProbeTarget(target, upstream.healthCheck()));
          }
        }
      }
    }
    return new ProbePlan(Collections.unmodifiableMap(targets));
  }
}
