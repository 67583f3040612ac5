package dev.pharos.edge.upstream;

import dev.pharos.model.OutlierDetection;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Passive health of one upstream on this node: counts what each exchange with a target ended in, and ejects a target
 * through the node's {@link Ejector} when its connect failures, resets and timeouts in a row, or its 5xx answers in a
 * row, reach the upstream's thresholds. The counts belong to the target address, so they carry across config changes;
 * the request that reaches a threshold resets the count, whether it ejects or not.
 *
 * <p>An ejection that would put the upstream in panic (more than its threshold of targets unhealthy) is not made but
 * logged, once until the target answers again or is ejected: traffic would go to every target anyway. Called from any
 * event loop; never blocks.
 */
public final class OutlierDetector {

  private static final Logger LOG = System.getLogger(OutlierDetector.class.getName());

  private final String upstreamId;
  private final OutlierDetection settings;
  private final HealthyTargets targets;
  private final Ejector ejector;

  OutlierDetector(String upstreamId, OutlierDetection settings, HealthyTargets targets, Ejector ejector) {
    this.upstreamId = upstreamId;
    this.settings = settings;
    this.targets = targets;
    this.ejector = ejector;
  }

  /** The target answered with {@code status}. */
  public void answered(Endpoint endpoint, int status) {
    TargetLoad load = endpoint.load();
    load.failuresInARow.set(0);
    load.ejectionRefused.set(false);
    if (status < 500 || status > 599) {
      load.serverErrorsInARow.set(0);
    } else if (reached(load.serverErrorsInARow, settings.consecutive5xx())) {
      eject(endpoint, settings.consecutive5xx() + " answers 5xx in a row, last: " + status);
    }
  }

  /** The exchange failed for the target's sake: no connection, a reset, or a timeout, as {@code what} says. */
  public void failed(Endpoint endpoint, String what) {
    if (reached(endpoint.load().failuresInARow, settings.consecutiveFailures())) {
      eject(endpoint, settings.consecutiveFailures() + " failures in a row, last: " + what);
    }
  }

  /** Counts one more; true for one count that reaches {@code threshold}, which starts the count over. */
  private static boolean reached(AtomicInteger inARow, int threshold) {
    if (threshold == 0) {
      return false;
    }
    int count = inARow.incrementAndGet();
    return count >= threshold && inARow.compareAndSet(count, 0);
  }

  private void eject(Endpoint endpoint, String reason) {
    String address = endpoint.target().address();
    if (!targets.isUsable(endpoint)) {
      return;
    }
    if (!targets.mayEject(endpoint)) {
      if (endpoint.load().ejectionRefused.compareAndSet(false, true)) {
        LOG.log(Level.WARNING, () -> "upstream " + upstreamId + ": not ejecting " + address + " (" + reason
          + "): it would leave more than the panic threshold of the upstream's targets unhealthy");
      }
      return;
    }
    endpoint.load().ejectionRefused.set(false);
    ejector.eject(address, reason, settings);
  }
}
