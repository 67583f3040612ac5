package dev.pharos.edge.health;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import dev.pharos.admin.HealthView;
import dev.pharos.edge.upstream.TargetHealth;
import dev.pharos.model.ClusterNames;
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
 * listener. Each change is passed on to the node's {@link TargetHealth}, which the selectors read: requests never wait
 * on Hazelcast.
 *
 * <p>Its metrics: {@code pharos_targets{state="healthy"|"unhealthy"}}, the probed targets in each state, and
 * {@code pharos_target_ejections_total}, the times this node saw a target turn unhealthy (those already unhealthy
 * when it started are not counted).
 */
public final class HealthRegistry implements HealthView {

  private static final Logger LOG = Logger.getLogger(HealthRegistry.class.getName());
  static final String TARGETS = "pharos.targets";
  static final String EJECTIONS = "pharos.target.ejections";

  private final Vertx vertx;
  private final IMap<String, String> map;
  private final TargetHealth health;
  private final Map<String, TargetStatus> view = new ConcurrentHashMap<>();
  private final Counter ejections;

  public HealthRegistry(Vertx vertx, HazelcastInstance hazelcast, TargetHealth health, MeterRegistry meters) {
    this.vertx = vertx;
    this.map = hazelcast.getMap(ClusterNames.HEALTH_MAP);
    this.health = health;
    for (boolean healthy : new boolean[] {true, false}) {
      Gauge.builder(TARGETS, view, v -> v.values().stream().filter(s -> s.healthy() == healthy).count())
        .description("Probed targets in each health state, as this node last heard")
        .tag("state", healthy ? "healthy" : "unhealthy")
        .register(meters);
    }
    this.ejections = Counter.builder(EJECTIONS)
      .description("Times this node saw a target turn unhealthy and stop getting traffic")
      .register(meters);
  }

  /** Starts listening; completes once the local view holds every status already in the map. */
  public Future<Void> start() {
    return vertx.executeBlocking(() -> {
      map.addEntryListener(new ViewUpdater(), true);
      // An event that arrived since the listener was added is newer than what the map held then.
      map.forEach((address, json) -> {
        if (!view.containsKey(address)) {
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

  @Override
  public Map<String, TargetStatus> targets() {
    return Map.copyOf(view);
  }

  // Events of one key arrive in order, on a Hazelcast event thread; start-up applies from another thread.
  private synchronized void apply(TargetStatus status, boolean live) {
    TargetStatus before = view.put(status.address(), status);
    if (live && !status.healthy() && (before == null || before.healthy())) {
      ejections.increment();
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

  private final class ViewUpdater implements EntryAddedListener<String, String>,
    EntryUpdatedListener<String, String>, EntryRemovedListener<String, String> {

    @Override
    public void entryAdded(EntryEvent<String, String> event) {
      apply(TargetStatus.fromJson(new JsonObject(event.getValue())), true);
    }

    @Override
    public void entryUpdated(EntryEvent<String, String> event) {
      apply(TargetStatus.fromJson(new JsonObject(event.getValue())), true);
    }

    @Override
    public void entryRemoved(EntryEvent<String, String> event) {
      forget(event.getKey());
    }
  }
}
