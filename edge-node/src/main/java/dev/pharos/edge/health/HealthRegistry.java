package dev.pharos.edge.health;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import dev.pharos.admin.HealthView;
import dev.pharos.edge.upstream.Ejector;
import dev.pharos.edge.upstream.TargetHealth;
import dev.pharos.model.ClusterNames;
import dev.pharos.model.OutlierDetection;
import dev.pharos.model.TargetEjection;
import dev.pharos.model.TargetStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The cluster's target health, kept in {@value ClusterNames#HEALTH_MAP} and mirrored into a local view by an entry
 * listener: the probers' statuses, and the ejections of passive health that any node makes. Each change is passed on
 * to the node's {@link TargetHealth}, which the selectors read: requests never wait on Hazelcast. An ejection ends on
 * every node at the time it names; its entry expires later (see {@link EjectTarget}).
 *
 * <p>Its metrics: {@code pharos_targets{state="healthy"|"unhealthy"|"ejected"}}, the probed targets in each probe
 * state and the targets under an ejection, and {@code pharos_target_ejections_total}, the times this node saw a target
 * stop getting traffic, by a failed probe or an ejection (those already out when it started are not counted).
 */
public final class HealthRegistry implements HealthView, Ejector {

  private static final Logger LOG = Logger.getLogger(HealthRegistry.class.getName());
  static final String TARGETS = "pharos.targets";
  static final String EJECTIONS = "pharos.target.ejections";

  private final Vertx vertx;
  private final IMap<String, String> map;
  private final TargetHealth health;
  private final String nodeName;
  private final Map<String, TargetStatus> view = new ConcurrentHashMap<>();
  private final Map<String, TargetEjection> ejections = new ConcurrentHashMap<>();
  private final Counter turnedOut;

  /** @param nodeName names this node in the ejections it makes */
  public HealthRegistry(Vertx vertx, HazelcastInstance hazelcast, TargetHealth health, String nodeName,
                        MeterRegistry meters) {
    this.vertx = vertx;
    this.map = hazelcast.getMap(ClusterNames.HEALTH_MAP);
    this.health = health;
    this.nodeName = nodeName;
    for (boolean healthy : new boolean[] {true, false}) {
      Gauge.builder(TARGETS, view, v -> v.values().stream().filter(s -> s.healthy() == healthy).count())
        .description("Targets in each health state, as this node last heard")
        .tag("state", healthy ? "healthy" : "unhealthy")
        .register(meters);
    }
    Gauge.builder(TARGETS, ejections, e -> e.values().stream()
        .filter(ejection -> ejection.until() > System.currentTimeMillis()).count())
      .description("Targets in each health state, as this node last heard")
      .tag("state", "ejected")
      .register(meters);
    this.turnedOut = Counter.builder(EJECTIONS)
      .description("Times this node saw a target stop getting traffic, by a failed probe or an ejection")
      .register(meters);
  }

  /** Starts listening; completes once the local view holds every status already in the map. */
  public Future<Void> start() {
    return vertx.executeBlocking(() -> {
      map.addEntryListener(new ViewUpdater(), true);
      // An event that arrived since the listener was added is newer than what the map held then.
      map.forEach((key, json) -> {
        if (isEjection(key)) {
          if (!ejections.containsKey(addressOf(key))) {
            applyEjection(TargetEjection.fromJson(new JsonObject(json)), false);
          }
        } else if (!view.containsKey(key)) {
          apply(TargetStatus.fromJson(new JsonObject(json)), false);
        }
      });
      return null;
    }, false);
  }

  /** The last status published for {@code address}, or null. */
  TargetStatus status(String address) {
    return view.get(address);
  }

  /** Writes a status to the map; the local view, like every other node's, takes it from the entry event. */
  void publish(TargetStatus status) {
    map.setAsync(status.address(), status.toJson().encode()).whenComplete((v, e) -> {
      if (e != null) {
        LOG.warning("cannot publish the health of " + status.address() + ": " + e);
      }
    });
  }

  void remove(String address) {
    map.removeAsync(address);
  }

  /**
   * Ejects {@code address} on every node, unless it is ejected already: the write goes to a worker thread, and its
   * entry event brings the ejection to every node's view, this one's included.
   */
  @Override
  public void eject(String address, String reason, OutlierDetection settings) {
    EjectTarget ejection = new EjectTarget(address, reason, nodeName, System.currentTimeMillis(), settings);
    vertx.executeBlocking(() -> map.submitToKey(ClusterNames.ejectionKey(address), ejection), false)
      .onSuccess(stage -> stage.whenComplete((json, e) -> {
        if (e != null) {
          LOG.warning("cannot eject " + address + ": " + e);
        } else if (json != null) {
          TargetEjection made = TargetEjection.fromJson(new JsonObject(json));
          LOG.warning("target " + address + " ejected for " + (made.until() - made.ejectedAt()) + " ms (ejection "
            + made.count() + " in a row): " + reason);
        }
      }))
      .onFailure(e -> LOG.warning("cannot eject " + address + ": " + e));
  }

  @Override
  public Map<String, TargetStatus> targets() {
    return Map.copyOf(view);
  }

  @Override
  public Map<String, TargetEjection> ejections() {
    return Map.copyOf(ejections);
  }

  private static boolean isEjection(String key) {
    return key.startsWith(ClusterNames.EJECTION_KEY_PREFIX);
  }

  private static String addressOf(String ejectionKey) {
    return ejectionKey.substring(ClusterNames.EJECTION_KEY_PREFIX.length());
  }

  // Events of one key arrive in order, on a Hazelcast event thread; start-up applies from another thread.
  private synchronized void apply(TargetStatus status, boolean live) {
    TargetStatus before = view.put(status.address(), status);
    if (live && !status.healthy() && (before == null || before.healthy())) {
      turnedOut.increment();
    }
    if (status.healthy()) {
      health.markHealthy(status.address());
    } else {
      health.markUnhealthy(status.address());
    }
  }

  private synchronized void forget(String address) {
    view.remove(address);
    health.markHealthy(address);
  }

  private synchronized void applyEjection(TargetEjection ejection, boolean live) {
    TargetEjection before = ejections.put(ejection.address(), ejection);
    if (live && (before == null || before.ejectedAt() != ejection.ejectedAt())) {
      turnedOut.increment();
    }
    health.eject(ejection.address(), ejection.until());
  }

  private synchronized void forgetEjection(String address) {
    ejections.remove(address);
    health.readmit(address);
  }

  private final class ViewUpdater implements EntryAddedListener<String, String>,
    EntryUpdatedListener<String, String>, EntryRemovedListener<String, String>, EntryExpiredListener<String, String> {

    @Override
    public void entryAdded(EntryEvent<String, String> event) {
      changed(event);
    }

    @Override
    public void entryUpdated(EntryEvent<String, String> event) {
      changed(event);
    }

    @Override
    public void entryRemoved(EntryEvent<String, String> event) {
      gone(event);
    }

    @Override
    public void entryExpired(EntryEvent<String, String> event) {
      gone(event);
    }

    private void changed(EntryEvent<String, String> event) {
      if (isEjection(event.getKey())) {
        applyEjection(TargetEjection.fromJson(new JsonObject(event.getValue())), true);
      } else {
        apply(TargetStatus.fromJson(new JsonObject(event.getValue())), true);
      }
    }

    private void gone(EntryEvent<String, String> event) {
      if (isEjection(event.getKey())) {
        forgetEjection(addressOf(event.getKey()));
      } else {
        forget(event.getKey());
      }
    }
  }
}
