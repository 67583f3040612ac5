package dev.pharos.edge;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.pharos.admin.AdminConfig;
import dev.pharos.admin.AdminVerticle;
import dev.pharos.admin.HealthView;
import dev.pharos.admin.RateLimitHealth;
import dev.pharos.edge.accesslog.AccessLog;
import dev.pharos.edge.accesslog.AccessLogOutput;
import dev.pharos.edge.cache.ClusterCache;
import dev.pharos.edge.cluster.HazelcastSetup;
import dev.pharos.edge.cluster.MemberRegistry;
import dev.pharos.edge.config.ClusterHost;
import dev.pharos.edge.config.NodeSettings;
import dev.pharos.edge.drain.DrainSequence;
import dev.pharos.edge.drain.DrainSteps;
import dev.pharos.edge.health.HealthRegistry;
import dev.pharos.edge.health.Prober;
import dev.pharos.edge.limits.ConnectionLimiter;
import dev.pharos.edge.metrics.CacheMeters;
import dev.pharos.edge.metrics.EdgeMetrics;
import dev.pharos.edge.metrics.EventLoopLag;
import dev.pharos.edge.metrics.NodeRegistry;
import dev.pharos.edge.metrics.RateLimitMetrics;
import dev.pharos.edge.metrics.RequestRate;
import dev.pharos.edge.proxy.EdgeObserver;
import dev.pharos.edge.proxy.EdgeVerticle;
import dev.pharos.edge.proxy.ProxySettings;
import dev.pharos.edge.ratelimit.RateLimiter;
import dev.pharos.edge.routing.LiveRouteTable;
import dev.pharos.edge.store.ConfigSeeder;
import dev.pharos.edge.store.HazelcastConfigStore;
import dev.pharos.edge.store.SnapshotFile;
import dev.pharos.edge.sync.ConfigWatcher;
import dev.pharos.edge.tls.CertificateWatcher;
import dev.pharos.edge.tls.HttpsListener;
import dev.pharos.edge.tls.TlsSettings;
import dev.pharos.edge.upstream.Balancers;
import dev.pharos.edge.upstream.StickyKey;
import dev.pharos.edge.upstream.TargetHealth;
import dev.pharos.model.ClusterNames;
import dev.pharos.model.ConfigSnapshot;
import dev.pharos.model.TargetEjection;
import dev.pharos.model.TargetStatus;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * One running edge node, assembled in start order:
 * <ol>
 *   <li>join the cluster (clustered Vert.x on Hazelcast) and read the cluster's sticky-session key;</li>
 *   <li>start the member registry, the health view and the prober, the config watcher (serving the table on disk at
 *   once) and the seeder, and the cache's listeners;</li>
 *   <li>open the access log and start the rate limiter's sync;</li>
 *   <li>read the certificate folder when HTTPS is on, and start one proxy verticle per event loop on the public
 *   ports, then watch the folder;</li>
 *   <li>start the admin API, which serves the node's metrics too, and report to the cluster every
 *   {@link MemberRegistry#REPORT_INTERVAL}.</li>
 * </ol>
 * It is taken down by {@link #drain()} (on SIGTERM) or, without waiting for traffic to move away, {@link #stop()}.
 */
public final class PharosNode {

  private static final Logger LOG = Logger.getLogger(PharosNode.class.getName());
  private static final long ACCESS_LOG_STOP_TIMEOUT_SECONDS = 5;

  private final NodeSettings settings;
  private final Vertx vertx;
  private final HazelcastInstance hazelcast;
  private final ConfigWatcher watcher;
  private final ConfigSeeder seeder;
  private final NodeReadiness readiness;
  private final MemberRegistry registry;
  private final HealthRegistry health;
  private final List<EdgeVerticle> edges = new CopyOnWriteArrayList<>();
  private final NodeRegistry metrics;
  private final RateLimiter limiter;
  private final ClusterCache cache;
  private int httpsPort = -1;
  // Null when the access log is off or not open yet.
  private AccessLog accessLog;
  private int httpPort;
  private int adminPort;

  private PharosNode(NodeSettings settings, Vertx vertx, HazelcastInstance hazelcast, ConfigWatcher watcher,
                     ConfigSeeder seeder, MemberRegistry registry, HealthRegistry health, NodeReadiness readiness,
                     NodeRegistry metrics, RateLimiter limiter, ClusterCache cache) {
    this.settings = settings;
    this.vertx = vertx;
    this.hazelcast = hazelcast;
    this.watcher = watcher;
    this.seeder = seeder;
    this.registry = registry;
    this.health = health;
    this.readiness = readiness;
    this.metrics = metrics;
    this.limiter = limiter;
    this.cache = cache;
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
    Promise<PharosNode> started = Promise.promise();
    resolveClusterHost(settings.clusterHost()).onFailure(started::fail).onSuccess(bindHost -> {
      HazelcastClusterManager clusterManager = new HazelcastClusterManager(HazelcastSetup.memberConfig(settings,
        bindHost));
      NodeRegistry metrics = new NodeRegistry(settings.nodeName());
      VertxOptions options = new VertxOptions().setPreferNativeTransport(true)
        .setMetricsOptions(metrics.vertxMetricsOptions());
      // Explicit, so that members on other machines or containers can reach this member's event bus.
      options.getEventBusOptions()
        .setHost(bindHost)
        .setPort(settings.eventBusPort())
        .setClusterPublicHost(bindHost);
      // Not bound to any Vert.x context: a start that fails closes Vert.x, whose event loops could then never tell.
      Vertx.builder().with(options).withMetrics(metrics.vertxMetricsFactory()).withClusterManager(clusterManager)
        .buildClustered()
        .onFailure(started::fail)
        .onSuccess(vertx -> {
          HazelcastInstance hazelcast = clusterManager.getHazelcastInstance();
          IMap<String, byte[]> secrets = hazelcast.getMap(ClusterNames.SECRETS_MAP);
          vertx.executeBlocking(() -> StickyKey.loadOrCreate(secrets))
            .compose(key -> assemble(settings, vertx, hazelcast, yamlSeed, metrics, key))
            .onSuccess(started::complete)
            .onFailure(e -> closeFromOwnThread(vertx, () -> started.fail(e)));
        });
    });
    return started.future();
  }

  /** Vert.x cannot finish closing from one of its own threads, where a failed start finds itself. */
  private static void closeFromOwnThread(Vertx vertx, Runnable then) {
    new Thread(() -> vertx.close().onComplete(closed -> then.run()), "pharos-close-after-failed-start").start();
  }

  /** Resolves a host name or {@code interface:NAME} on a thread of its own: it may wait for DNS. */
  private static Future<String> resolveClusterHost(String spec) {
    Promise<String> resolved = Promise.promise();
    CompletableFuture.runAsync(() -> {
      try {
        resolved.complete(ClusterHost.resolve(spec));
      } catch (RuntimeException e) {
        resolved.fail(e);
      }
    });
    return resolved.future();
  }

  private static Future<PharosNode> assemble(NodeSettings settings, Vertx vertx, HazelcastInstance hazelcast,
                                             Optional<ConfigSnapshot> yamlSeed, NodeRegistry metrics,
                                             StickyKey stickyKey) {
    SnapshotFile snapshotFile = new SnapshotFile(settings.dataDir());
    LiveRouteTable liveTable = new LiveRouteTable();
    HazelcastConfigStore store = new HazelcastConfigStore(vertx, hazelcast, settings.clusterQuorum(), snapshotFile,
      settings.configHistory(), settings.configHistoryWholeTableEvery());
    MemberRegistry registry = new MemberRegistry(vertx, hazelcast, settings.nodeName(),
      new RequestRate(metrics::requestsAnswered)::perSecond);
    TargetHealth targetHealth = new TargetHealth();
    HealthRegistry health = new HealthRegistry(vertx, hazelcast, targetHealth, settings.nodeName(), metrics.meters());
    Balancers balancers = new Balancers(stickyKey, targetHealth, health);
    Prober prober = new Prober(settings.nodeName(), health, Prober.ownedByLocalMember(hazelcast));
    NodeReadiness[] readinessRef = new NodeReadiness[1];
    ConfigWatcher watcher = new ConfigWatcher(store, snapshotFile, liveTable, balancers,
      settings.configCheckInterval(), version -> {
        prober.apply(liveTable.current().snapshot());
        registry.report(version, readinessRef[0].isReady());
      });
    readinessRef[0] = new NodeReadiness(hazelcast, watcher);
    RateLimiter limiter = RateLimiter.clustered(vertx, hazelcast, settings.rateLimits(),
      settings.clusterExpectedSize(), new RateLimitMetrics(metrics.meters()));
    ClusterCache cache = new ClusterCache(vertx, hazelcast, settings.cache(), settings.nodeName());
    PharosNode node = new PharosNode(settings, vertx, hazelcast, watcher, new ConfigSeeder(vertx, store), registry,
      health, readinessRef[0], metrics, limiter, cache);
    metrics.watchNode(watcher::appliedVersion, () -> hazelcast.getCluster().getMembers().size());
    CacheMeters.register(metrics.meters(), cache.counters(), cache::ownedEntries, cache::ownedBytes);
    EventLoopLag.watch(vertx, metrics.meters(), EventLoopLag.DEFAULT_INTERVAL);

    return registry.start()
      .compose(v -> health.start())
      .compose(v -> vertx.deployVerticle(prober))
      .compose(v -> vertx.deployVerticle(watcher))
      .compose(v -> vertx.executeBlocking(snapshotFile::read))
      .map(disk -> {
        disk.or(() -> yamlSeed).ifPresent(candidate -> node.seeder.offer(candidate)
          .onSuccess(taken -> watcher.check()));
        return null;
      })
      .compose(v -> cache.start())
      .compose(v -> node.openAccessLog())
      .compose(v -> limiter.start())
      .compose(v -> node.startProxy(liveTable))
      .compose(v -> node.startAdmin(store))
      .compose(v -> registry.report(watcher.appliedVersion(), node.readiness.isReady()))
      .map(v -> {
        vertx.setPeriodic(MemberRegistry.REPORT_INTERVAL.toMillis(),
          timer -> {
            if (hazelcast.getLifecycleService().isRunning()) {
              registry.report(watcher.appliedVersion(), node.readiness.isReady());
            }
          });
        LOG.info("node " + settings.nodeName() + " started: HTTP on " + settings.httpHost() + ":" + node.httpPort
          + (node.httpsPort < 0 ? "" : ", HTTPS on " + settings.httpHost() + ":" + node.httpsPort)
          + ", admin on " + settings.adminHost() + ":" + node.adminPort + ", cluster " + settings.clusterName()
          + " at " + hazelcast.getCluster().getLocalMember().getAddress() + " ("
          + hazelcast.getCluster().getMembers().size() + " members)");
        return node;
      })
      .onFailure(e -> node.stopAccessLog());
  }

  private Future<Void> openAccessLog() {
    if (settings.accessLog().equals(AccessLogOutput.OFF)) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> AccessLogOutput.open(settings.accessLog(), settings.accessLogMaxBytes(),
        settings.accessLogFiles()))
      .map(sink -> {
        accessLog = new AccessLog(settings.nodeName(), sink, settings.accessLogQueue(), metrics.meters());
        return null;
      });
  }

  private Future<Void> startProxy(LiveRouteTable liveTable) {
    TlsSettings tls = settings.tls();
    if (tls == null) {
      return deployProxy(liveTable, null);
    }
    // Instances share the HTTPS listener: giving new certificates to one serves them on all.
    CertificateWatcher certificates = new CertificateWatcher(vertx, tls,
      next -> edges.get(0).updateCertificates(next));
    return certificates.load()
      .compose(initial -> deployProxy(liveTable, new HttpsListener(tls.port(), initial)))
      .onSuccess(v -> certificates.start());
  }

  private Future<Void> deployProxy(LiveRouteTable liveTable, HttpsListener https) {
    EdgeMetrics edgeMetrics = new EdgeMetrics(metrics.meters());
    EdgeObserver observer = accessLog == null ? edgeMetrics : EdgeObserver.both(edgeMetrics, accessLog);
    ProxySettings proxySettings = new ProxySettings(settings.httpHost(), settings.httpPort(), settings.nodeName(),
      settings.maxConnectionsPerTarget(), settings.maxPendingPerTarget(), settings.limits(), settings.trustedProxies(),
      settings.compression(), settings.proxyProtocol(), settings.webSocketIdleTimeout(), settings.http2Cleartext());
    ConnectionLimiter connections = ConnectionLimiter.of(settings.limits());
    return vertx.deployVerticle(() -> {
        EdgeVerticle verticle = new EdgeVerticle(proxySettings, liveTable, observer, connections, limiter, https,
          cache);
        edges.add(verticle);
        return verticle;
      }, new DeploymentOptions().setInstances(settings.proxyInstances()))
      .map(id -> {
        httpPort = edges.get(0).actualPort();
        httpsPort = edges.get(0).actualHttpsPort();
        return null;
      });
  }

  private Future<Void> startAdmin(HazelcastConfigStore store) {
    AdminConfig adminConfig = new AdminConfig(settings.adminHost(), settings.adminPort(), settings.adminToken(),
      settings.adminTokenName(), settings.adminMaxBodyBytes(), settings.adminApplyWaitTimeout(),
      settings.adminEventsInterval(), settings.adminMaxEventStreams());
    HealthView healthView = new HealthView() {
      @Override
      public Map<String, TargetStatus> targets() {
        return health.targets();
      }

      @Override
      public Map<String, TargetEjection> ejections() {
        return health.ejections();
      }

      @Override
      public RateLimitHealth rateLimits() {
        return limiter.health();
      }
    };
    AdminVerticle admin = new AdminVerticle(adminConfig, store, registry, readiness, metrics, healthView,
      cache);
    return vertx.deployVerticle(admin).map(id -> {
      adminPort = admin.actualPort();
      return null;
    });
  }

  public NodeSettings settings() {
    return settings;
  }

  /** The HTTPS listener's port; -1 when it is off. */
  public int httpsPort() {
    return httpsPort;
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

  /** Where this node's metrics are recorded, to add or read meters. */
  public NodeRegistry metrics() {
    return metrics;
  }

  /** This node's access to the cluster's HTTP cache. */
  public ClusterCache cache() {
    return cache;
  }

  /** The config version this node serves. */
  public long appliedVersion() {
    return watcher.appliedVersion();
  }

  /**
   * Takes the node out of service without failing a request it has accepted, and leaves the cluster gracefully; see
   * {@link DrainSequence} for the steps and the README for the settings that time them. Blocks for the grace period
   * and until the node has left or the drain timeout has passed: call it from a thread of one's own (a signal handler,
   * a test), never from an event loop.
   *
   * @return true when each request in flight was answered and the node left the cluster in time; false when the drain
   *         timeout cut it short
   */
  public boolean drain() {
    if (Context.isOnVertxThread()) {
      throw new IllegalStateException("drain() blocks: call it from a thread of one's own");
    }
    return new DrainSequence(new NodeDrainSteps(), settings.drainGrace(), settings.drainTimeout()).run();
  }

  /**
   * Stops serving at once and leaves the cluster gracefully, so its partitions migrate to the other members. Call it
   * from a thread of one's own, never from this node's event loops: Vert.x cannot finish closing the loop it is called
   * on.
   */
  public Future<Void> stop() {
    readiness.startDraining();
    return leave();
  }

  private Future<Void> leave() {
    seeder.stop();
    return vertx.close().eventually(this::stopAccessLog);
  }

  /** Completes once the access log has written what it was given, or after a few seconds if its sink is stuck. */
  private Future<Void> stopAccessLog() {
    if (accessLog == null) {
      return Future.succeededFuture();
    }
    return Future.fromCompletionStage(accessLog.stop().toCompletableFuture()
      .completeOnTimeout(null, ACCESS_LOG_STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS));
  }

  private final class NodeDrainSteps implements DrainSteps {

    @Override
    public Future<Void> announce(Duration connectionTimeout) {
      readiness.startDraining();
      edges.forEach(edge -> edge.closeConnectionsAfterResponses(connectionTimeout));
      return registry.report(watcher.appliedVersion(), false);
    }

    @Override
    public Future<Void> stopAccepting(Duration timeout) {
      return Future.all(edges.stream().map(edge -> edge.shutdown(timeout)).toList()).mapEmpty();
    }

    @Override
    public Future<Void> leave() {
      return PharosNode.this.leave();
    }
  }
}
