package dev.pharos.edge.sync;

import dev.pharos.edge.routing.LiveRouteTable;
import dev.pharos.edge.routing.RouteTable;
import dev.pharos.edge.store.HazelcastConfigStore;
import dev.pharos.edge.store.SnapshotFile;
import dev.pharos.edge.upstream.Balancers;
import dev.pharos.model.ClusterNames;
import dev.pharos.model.ConfigEvent;
import dev.pharos.model.ConfigSnapshot;
import dev.pharos.model.Precondition;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.time.Duration;
import java.util.function.LongConsumer;
import java.util.logging.Logger;

/**
 * Brings this node's route table to the cluster's config version and keeps it there.
 *
 * <pre>
 *   event {version, change} ──► next version? ──yes──► apply the change ─┐
 *                                    │ no (gap, or no change sent)        ├─► compile ─► swap ─► report ─► disk
 *   periodic version check ──► behind? ──yes──► reload the snapshot ──────┘
 * </pre>
 *
 * The event bus delivers at most once, so events only make convergence fast; the periodic check makes it certain.
 * At start the table on this node's disk is installed at once, so a node that restarts serves its last table even
 * before the cluster answers; the first table read from the cluster then replaces it whatever its version.
 *
 * <p>All state is owned by this verticle's event loop. Work on one version at a time is chained, so versions are
 * installed in order; compiling and disk writes run on worker threads.
 */
public final class ConfigWatcher extends VerticleBase {

  private static final Logger LOG = Logger.getLogger(ConfigWatcher.class.getName());

  private final HazelcastConfigStore store;
  private final SnapshotFile snapshotFile;
  private final LiveRouteTable liveTable;
  private final Balancers balancers;
  private final Duration checkInterval;
  private final LongConsumer onApplied;

  // Owned by this verticle's event loop; the volatile ones are read by readiness checks on other threads.
  private ConfigSnapshot applied = ConfigSnapshot.EMPTY;
  private boolean appliedFromCluster;
  private volatile boolean current;
  private volatile long appliedVersion;
  private Future<Void> work = Future.succeededFuture();

  public ConfigWatcher(HazelcastConfigStore store, SnapshotFile snapshotFile, LiveRouteTable liveTable,
                       Balancers balancers, Duration checkInterval, LongConsumer onApplied) {
    this.store = store;
    this.snapshotFile = snapshotFile;
    this.liveTable = liveTable;
    this.balancers = balancers;
    this.checkInterval = checkInterval;
    this.onApplied = onApplied;
  }

  /** The version this node serves. */
  public long appliedVersion() {
    return appliedVersion;
  }

  /** Whether the last check found this node serving the cluster's current version. */
  public boolean isCurrent() {
    return current;
  }

  @Override
  public Future<?> start() {
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(ClusterNames.CONFIG_CHANGED,
      message -> onEvent(ConfigEvent.fromJson(message.body())));
    vertx.setPeriodic(checkInterval.toMillis(), timer -> check());
    return consumer.completion()
      .compose(v -> vertx.executeBlocking(snapshotFile::read))
      .compose(local -> local.map(snapshot -> enqueue(() -> install(snapshot, false))).orElse(Future.succeededFuture()))
      .andThen(ar -> check());
  }

  /** Checks the cluster's version now instead of at the next interval. */
  public void check() {
    enqueue(() -> store.version().compose(version -> {
      if (version > applied.version() || (!appliedFromCluster && version > 0)) {
        return reload();
      }
      current = true;
      return Future.succeededFuture();
    }).recover(e -> {
      current = false;
      LOG.warning("config version check failed: " + e.getMessage());
      return Future.succeededFuture();
    }));
  }

  private void onEvent(ConfigEvent event) {
    enqueue(() -> {
      if (appliedFromCluster && event.change() != null && event.version() == applied.version() + 1) {
        ConfigSnapshot base = applied;
        // Applying and compiling in one trip to a worker thread: on a busy machine every hop between threads waits
        // for a core, and this is the path from a commit to serving it.
        return vertx.executeBlocking(() -> Compiled.of(base.apply(event.change(), Precondition.NONE), balancers))
          .map(compiled -> serve(compiled, true))
          .recover(e -> {
            LOG.warning("cannot apply config version " + event.version() + " (" + e.getMessage() + "), reloading");
            return reload();
          });
      }
      if (event.version() > applied.version() || !appliedFromCluster) {
        return reload();
      }
      return Future.succeededFuture();
    });
  }

  private Future<Void> reload() {
    return store.load().compose(stored -> {
      if (stored == null) {
        current = true;
        return Future.succeededFuture();
      }
      ConfigSnapshot snapshot = stored.snapshot();
      if (snapshot.version() > applied.version() || !appliedFromCluster) {
        return install(snapshot, true);
      }
      current = true;
      return Future.succeededFuture();
    });
  }

  private Future<Void> install(ConfigSnapshot snapshot, boolean fromCluster) {
    return vertx.executeBlocking(() -> Compiled.of(snapshot, balancers)).map(compiled -> serve(compiled, fromCluster));
  }

  /** A snapshot and its route table, compiled on a worker thread. */
  private record Compiled(ConfigSnapshot snapshot, RouteTable table) {

    static Compiled of(ConfigSnapshot snapshot, Balancers balancers) {
      return new Compiled(snapshot, RouteTable.compile(snapshot, balancers));
    }
  }

  private Void serve(Compiled compiled, boolean fromCluster) {
    ConfigSnapshot snapshot = compiled.snapshot();
    liveTable.swap(compiled.table());
    applied = snapshot;
    appliedFromCluster |= fromCluster;
    appliedVersion = snapshot.version();
    current = fromCluster;
    LOG.info("serving config version " + snapshot.version() + (fromCluster ? "" : " from " + snapshotFile.path()));
    onApplied.accept(snapshot.version());
    // Serving the version does not wait for the fsync: the cluster map and its backup already hold it.
    vertx.executeBlocking(() -> persist(snapshot), false);
    return null;
  }

  private Void persist(ConfigSnapshot snapshot) {
    try {
      snapshotFile.write(snapshot);
    } catch (IOException e) {
      LOG.severe("config version " + snapshot.version() + " applied but not written to " + snapshotFile.path()
        + ": " + e);
    }
    return null;
  }

  private Future<Void> enqueue(java.util.function.Supplier<Future<Void>> task) {
    Future<Void> next = work.transform(ar -> task.get());
    work = next.recover(e -> {
      LOG.warning("config update failed: " + e);
      return Future.succeededFuture();
    });
    return next;
  }
}
