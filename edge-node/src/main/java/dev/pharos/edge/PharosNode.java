package dev.pharos.edge;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.pharos.admin.AdminConfig;
import dev.pharos.admin.AdminVerticle;
import dev.pharos.edge.cluster.HazelcastSetup;
import dev.pharos.edge.cluster.MemberRegistry;
import dev.pharos.edge.config.NodeSettings;
import dev.pharos.edge.proxy.EdgeVerticle;
import dev.pharos.edge.proxy.ProxySettings;
import dev.pharos.edge.routing.LiveRouteTable;
import dev.pharos.edge.store.ConfigSeeder;
import dev.pharos.edge.store.HazelcastConfigStore;
import dev.pharos.edge.store.SnapshotFile;
import dev.pharos.edge.sync.ConfigWatcher;
import dev.pharos.edge.upstream.Balancers;
import dev.pharos.edge.upstream.StickyKey;
import dev.pharos.model.ClusterNames;
import dev.pharos.model.ConfigSnapshot;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.Optional;
import java.util.logging.Logger;

/**
 * One running edge node, assembled in start order:
 * <ol>
 *   <li>join the cluster (clustered Vert.x on Hazelcast) and read the cluster's sticky-session key;</li>
 *   <li>start the member registry, the config watcher (serving the table on disk at once) and the seeder;</li>
 *   <li>start one proxy verticle per event loop on the public port;</li>
 *   <li>start the admin API.</li>
 * </ol>
 */
public final class PharosNode {

  private static final Logger LOG = Logger.getLogger(PharosNode.class.getName());

  private final NodeSettings settings;
  private final Vertx vertx;
  private final HazelcastInstance hazelcast;
  private final ConfigWatcher watcher;
  private final ConfigSeeder seeder;
  private final NodeReadiness readiness;
  private final MemberRegistry registry;
  private int httpPort;
  private int adminPort;

  private PharosNode(NodeSettings settings, Vertx vertx, HazelcastInstance hazelcast, ConfigWatcher watcher,
                     ConfigSeeder seeder, MemberRegistry registry) {
    this.settings = settings;
    this.vertx = vertx;
    this.hazelcast = hazelcast;
    this.watcher = watcher;
    this.seeder = seeder;
    this.registry = registry;
    this.readiness = new NodeReadiness(hazelcast, watcher);
  }

  /**
   * Starts a node. Fails when the settings' seed config is invalid, a port is taken, or the cluster cannot be joined.
   */
  public static Future<PharosNode> start(NodeSettings settings) {
    Optional<ConfigSnapshot> yamlSeed;
    try {
      yamlSeed = ConfigSeeder.parseSeed(settings.seed());
    } catch (RuntimeException e) {
      return Future.failedFuture(new IllegalArgumentException("initial routes and upstreams in the config file: "
        + e.getMessage(), e));
    }
    HazelcastClusterManager clusterManager = new HazelcastClusterManager(HazelcastSetup.memberConfig(settings));
    VertxOptions options = new VertxOptions().setPreferNativeTransport(true);
    options.getEventBusOptions()
      .setHost(settings.clusterHost())
      .setPort(settings.eventBusPort())
      .setClusterPublicHost(settings.clusterHost());
    return Vertx.builder().with(options).withClusterManager(clusterManager).buildClustered()
      .compose(vertx -> {
        HazelcastInstance hazelcast = clusterManager.getHazelcastInstance();
        IMap<String, byte[]> secrets = hazelcast.getMap(ClusterNames.SECRETS_MAP);
        return vertx.executeBlocking(() -> StickyKey.loadOrCreate(secrets))
          .compose(key -> assemble(settings, vertx, hazelcast, yamlSeed, new Balancers(key)))
          .recover(e -> vertx.close().transform(ar -> Future.failedFuture(e)));
      });
  }

  private static Future<PharosNode> assemble(NodeSettings settings, Vertx vertx, HazelcastInstance hazelcast,
                                             Optional<ConfigSnapshot> yamlSeed, Balancers balancers) {
    SnapshotFile snapshotFile = new SnapshotFile(settings.dataDir());
    LiveRouteTable liveTable = new LiveRouteTable();
    HazelcastConfigStore store = new HazelcastConfigStore(vertx, hazelcast, snapshotFile);
    MemberRegistry registry = new MemberRegistry(vertx, hazelcast, settings.nodeName());
    ConfigWatcher[] watcherRef = new ConfigWatcher[1];
    ConfigWatcher watcher = new ConfigWatcher(store, snapshotFile, liveTable, balancers,
      settings.configCheckInterval(), version -> registry.report(version, watcherRef[0].isCurrent()));
    watcherRef[0] = watcher;
    PharosNode node = new PharosNode(settings, vertx, hazelcast, watcher, new ConfigSeeder(vertx, store), registry);

    return registry.start()
      .compose(v -> vertx.deployVerticle(watcher))
      .compose(v -> vertx.executeBlocking(snapshotFile::read))
      .map(disk -> {
        disk.or(() -> yamlSeed).ifPresent(candidate -> node.seeder.offer(candidate)
          .onSuccess(taken -> watcher.check()));
        return null;
      })
      .compose(v -> node.startProxy(liveTable))
      .compose(v -> node.startAdmin(store))
      .compose(v -> registry.report(watcher.appliedVersion(), node.readiness.notReadyReason() == null))
      .map(v -> {
        LOG.info("node " + settings.nodeName() + " started: HTTP on " + settings.httpHost() + ":" + node.httpPort
          + ", admin on " + settings.adminHost() + ":" + node.adminPort + ", cluster " + settings.clusterName()
          + " at " + settings.clusterAddress() + " (" + hazelcast.getCluster().getMembers().size() + " members)");
        return node;
      });
  }

  private Future<Void> startProxy(LiveRouteTable liveTable) {
    ProxySettings proxySettings = new ProxySettings(settings.httpHost(), settings.httpPort(), settings.nodeName(),
      settings.maxConnectionsPerTarget(), settings.maxPendingPerTarget());
    EdgeVerticle[] first = new EdgeVerticle[1];
    return vertx.deployVerticle(() -> {
        EdgeVerticle verticle = new EdgeVerticle(proxySettings, liveTable);
        if (first[0] == null) {
          first[0] = verticle;
        }
        return verticle;
      }, new DeploymentOptions().setInstances(settings.proxyInstances()))
      .map(id -> {
        httpPort = first[0].actualPort();
        return null;
      });
  }

  private Future<Void> startAdmin(HazelcastConfigStore store) {
    AdminConfig adminConfig = new AdminConfig(settings.adminHost(), settings.adminPort(), settings.adminToken(),
      settings.adminMaxBodyBytes(), settings.adminApplyWaitTimeout());
    AdminVerticle admin = new AdminVerticle(adminConfig, store, registry, readiness);
    return vertx.deployVerticle(admin).map(id -> {
      adminPort = admin.actualPort();
      return null;
    });
  }

  public NodeSettings settings() {
    return settings;
  }

  public int httpPort() {
    return httpPort;
  }

  public int adminPort() {
    return adminPort;
  }

  public Vertx vertx() {
    return vertx;
  }

  public HazelcastInstance hazelcast() {
    return hazelcast;
  }

  /** The config version this node serves. */
  public long appliedVersion() {
    return watcher.appliedVersion();
  }

  /**
   * Stops serving and leaves the cluster gracefully, so its partitions migrate to the other members. Call it from a
   * thread of one's own (a shutdown hook, a test), never from this node's event loops: Vert.x cannot finish closing
   * the loop it is called on.
   */
  public Future<Void> stop() {
    readiness.startDraining();
    seeder.stop();
    return vertx.close();
  }
}
