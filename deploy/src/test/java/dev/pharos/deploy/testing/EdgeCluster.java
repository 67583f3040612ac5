package dev.pharos.deploy.testing;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ContainerNetwork;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * A Pharos cluster of containers, as users run it behind DNS round-robin:
 * <pre>
 *   cluster network (own subnet)          access network
 *   ─────────────────────────────         ───────────────────
 *   edge-N   alias "edge", fixed IP  ───  edge-N (second interface)
 *   clients (resolve "edge")              backend (alias "backend", port 8001)
 *                                         the test JVM, through the host's bridge
 * </pre>
 * Nodes find each other by {@code PHAROS_CLUSTER_DNS=edge}. A node cut off the cluster network still reaches the
 * backend and the test through the access network, as an edge cut off from its peers still reaches its origins.
 * Every node gets a new container and address; a stopped node is never restarted in place.
 */
public final class EdgeCluster implements AutoCloseable {

  public static final String TOKEN = "container-test-token";
  public static final String ALIAS = "edge";
  public static final int HTTP_PORT = 8080;
  public static final int ADMIN_PORT = 9090;
  public static final String BACKEND_HOST = "backend";
  public static final int BACKEND_PORT = 8001;
  public static final Duration START_TIMEOUT = Duration.ofMinutes(3);

  private static final Path LOG_DIR = Path.of("target", "container-logs");

  private final DockerClient docker = DockerClientFactory.instance().client();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  private final String clusterName;
  private final Map<String, String> extraEnv;
  private final String subnetPrefix;
  private final Network clusterNetwork;
  private final Network accessNetwork;
  private final GenericContainer<?> backend;
  private final Map<String, EdgeNode> live = new LinkedHashMap<>();
  private final List<GenericContainer<?>> everyContainer = new ArrayList<>();
  private int nextHost = 10;

  private EdgeCluster(String clusterName, Map<String, String> extraEnv) {
    this.clusterName = clusterName;
    this.extraEnv = Map.copyOf(extraEnv);
    // A subnet of its own, so that a node cut off can come back with the same address; random, so that a network
    // left behind by a killed run does not collide.
    ThreadLocalRandom random = ThreadLocalRandom.current();
    this.subnetPrefix = "10." + random.nextInt(200, 250) + "." + random.nextInt(1, 250) + ".";
    this.clusterNetwork = Network.builder().createNetworkCmdModifier(cmd -> cmd.withIpam(
      new com.github.dockerjava.api.model.Network.Ipam().withConfig(
        new com.github.dockerjava.api.model.Network.Ipam.Config().withSubnet(subnetPrefix + "0/24")
          .withGateway(subnetPrefix + "1")))).build();
    this.accessNetwork = Network.newNetwork();
    this.backend = new GenericContainer<>(Images.node())
      .withNetwork(accessNetwork)
      .withNetworkAliases(BACKEND_HOST)
      .withCreateContainerCmdModifier(cmd -> cmd.withEntrypoint("java", "-Xmx48m", "-XX:TieredStopAtLevel=1", "-cp",
        "/opt/pharos/pharos-edge.jar", "dev.pharos.edge.demo.DemoBackend"))
      .withCommand("--host", "0.0.0.0", "--port", Integer.toString(BACKEND_PORT), "--name", BACKEND_HOST)
      .waitingFor(Wait.forLogMessage(".*listening on.*", 1).withStartupTimeout(START_TIMEOUT));
  }

  /**
   * Starts the backend and {@code size} nodes named edge-1.., all together, and waits until each is ready.
   *
   * @param extraEnv node settings added to the defaults below (environment variable names)
   */
  public static EdgeCluster start(String clusterName, int size, Map<String, String> extraEnv) {
    Images.checkPrerequisites();
    EdgeCluster cluster = new EdgeCluster(clusterName, extraEnv);
    try {
      cluster.backend.start();
      cluster.everyContainer.add(cluster.backend);
      List<EdgeNode> nodes = new ArrayList<>();
      for (int i = 1; i <= size; i++) {
        nodes.add(cluster.create("edge-" + i));
      }
      ExecutorService starting = Executors.newFixedThreadPool(size);
      try {
        List<Future<?>> started = new ArrayList<>();
        nodes.forEach(n -> started.add(starting.submit(() -> cluster.launch(n))));
        for (Future<?> f : started) {
          f.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
      } catch (ExecutionException | TimeoutException e) {
        throw new IllegalStateException("the nodes did not start: " + e, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } finally {
        starting.shutdownNow();
      }
      nodes.forEach(cluster::awaitReady);
      return cluster;
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
  }

  /** Starts one more node with the same settings, as an operator scaling out does, and returns once it started. */
  public EdgeNode addNode(String name) {
    EdgeNode node = create(name);
    launch(node);
    return node;
  }

  private EdgeNode create(String name) {
    String ip = subnetPrefix + nextHost++;
    Map<String, String> env = new HashMap<>();
    env.put("PHAROS_NODE_NAME", name);
    env.put("PHAROS_ADMIN_TOKEN", TOKEN);
    env.put("PHAROS_CLUSTER_NAME", clusterName);
    env.put("PHAROS_CLUSTER_DNS", ALIAS);
    env.put("PHAROS_CLUSTER_EXPECTED_SIZE", "3");
    // A fixed address rather than interface:eth0: with two networks attached before start, Docker decides which of
    // them is eth0.
    env.put("PHAROS_CLUSTER_HOST", ip);
    env.put("PHAROS_CLUSTER_FAILURE_TIMEOUT_MS", "3000");
    env.put("PHAROS_CONFIG_CHECK_INTERVAL_MS", "500");
    env.put("PHAROS_DRAIN_GRACE_MS", "2000");
    env.put("PHAROS_DRAIN_TIMEOUT_MS", "15000");
    env.put("PHAROS_PROXY_INSTANCES", "1");
    env.put("PHAROS_ACCESS_LOG", "off");
    env.put("JAVA_OPTS", "-Xmx256m -XX:TieredStopAtLevel=1");
    env.putAll(extraEnv);
    GenericContainer<?> container = new AccessConnected(accessNetwork.getId())
      .withNetwork(clusterNetwork)
      .withNetworkAliases(ALIAS, name)
      .withCreateContainerCmdModifier(cmd -> cmd.withIpv4Address(ip).withHostName(name))
      .withEnv(env)
      .waitingFor(Wait.forLogMessage(".*node " + name + " started.*", 1).withStartupTimeout(START_TIMEOUT));
    return new EdgeNode(name, ip, container);
  }

  private void launch(EdgeNode node) {
    synchronized (everyContainer) {
      everyContainer.add(node.container());
    }
    node.container().start();
    String accessId = accessNetwork.getId();
    node.accessIp(node.container().getContainerInfo().getNetworkSettings().getNetworks().values().stream()
      .filter(n -> accessId.equals(n.getNetworkID())).findFirst().orElseThrow().getIpAddress());
    synchronized (live) {
      live.put(node.name(), node);
    }
  }

  /** Nodes in start order, those killed or stopped left out. */
  public List<EdgeNode> nodes() {
    synchronized (live) {
      return List.copyOf(live.values());
    }
  }

  public EdgeNode node(String name) {
    synchronized (live) {
      return live.get(name);
    }
  }

  public void awaitReady(EdgeNode node) {
    await("readiness of " + node).atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
      .until(() -> send(HttpRequest.newBuilder(node.admin("/readyz")).GET()).statusCode() == 200);
  }

  /** SIGKILL: no drain, no goodbye to the cluster. */
  public void kill(EdgeNode node) {
    docker.killContainerCmd(node.containerId()).exec();
    forget(node);
  }

  /** SIGTERM, as {@code docker stop} or a rolling update sends it; returns once the node has drained and exited. */
  public long stop(EdgeNode node) {
    docker.stopContainerCmd(node.containerId()).withTimeout(60).exec();
    forget(node);
    return docker.inspectContainerCmd(node.containerId()).exec().getState().getExitCodeLong();
  }

  private void forget(EdgeNode node) {
    synchronized (live) {
      live.remove(node.name());
    }
  }

  /** Cuts the node off the cluster network: its peers time out, and {@code edge} no longer names it. */
  public void disconnect(EdgeNode node) {
    docker.disconnectFromNetworkCmd().withContainerId(node.containerId()).withNetworkId(clusterNetwork.getId())
      .withForce(true).exec();
  }

  /** Brings the node back on the cluster network with its address and aliases. */
  public void reconnect(EdgeNode node) {
    docker.connectToNetworkCmd().withContainerId(node.containerId()).withNetworkId(clusterNetwork.getId())
      .withContainerNetwork(new ContainerNetwork().withAliases(ALIAS, node.name())
        .withIpamConfig(new ContainerNetwork.Ipam().withIpv4Address(node.clusterIp())))
      .exec();
  }

  public Network clusterNetwork() {
    return clusterNetwork;
  }

  // ---- HTTP to the nodes, from the test JVM over the access network ----

  /** GET through the node's public listener with the given Host header. */
  public HttpResponse<String> get(EdgeNode node, String host, String path) {
    return send(HttpRequest.newBuilder(node.http(path)).header("Host", host).GET());
  }

  /** An admin API call with the token; {@code body} null for none. */
  public HttpResponse<String> admin(EdgeNode node, String method, String path, JsonObject body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(node.admin("/api/v1" + path))
      .header("Authorization", "Bearer " + TOKEN)
      .timeout(Duration.ofSeconds(20));
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(body.encode()));
    }
    return send(request);
  }

  /** Writes the backend's upstream and a route for {@code host} to it, and returns the answer's status. */
  public int putRoute(EdgeNode node, String routeId, String host) {
    return admin(node, "PUT", "/routes/" + routeId + "?wait=applied", new JsonObject()
      .put("hosts", new JsonArray().add(host)).put("pathPrefix", "/").put("upstream", BACKEND_HOST)).statusCode();
  }

  /** A route on {@code host} whose responses the cluster caches for {@code ttl}, the demo backend sending no freshness. */
  public int putCachedRoute(EdgeNode node, String routeId, String host, Duration ttl) {
    return admin(node, "PUT", "/routes/" + routeId + "?wait=applied", new JsonObject()
      .put("hosts", new JsonArray().add(host)).put("pathPrefix", "/").put("upstream", BACKEND_HOST)
      .put("cache", new JsonObject().put("enabled", true).put("defaultTtlMs", ttl.toMillis()))).statusCode();
  }

  public int putBackendUpstream(EdgeNode node) {
    return admin(node, "PUT", "/upstreams/" + BACKEND_HOST + "?wait=applied", new JsonObject().put("targets",
      new JsonArray().add(new JsonObject().put("host", BACKEND_HOST).put("port", BACKEND_PORT)))).statusCode();
  }

  /** The route ids in the node's view of the cluster's config. */
  public List<String> routeIds(EdgeNode node) {
    JsonObject config = new JsonObject(admin(node, "GET", "/config", null).body());
    return config.getJsonArray("routes").stream().map(r -> ((JsonObject) r).getString("id")).toList();
  }

  public long configVersion(EdgeNode node) {
    return new JsonObject(admin(node, "GET", "/config", null).body()).getLong("version");
  }

  public int memberCount(EdgeNode node) {
    return new JsonObject(admin(node, "GET", "/cluster", null).body()).getJsonArray("members").size();
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(request.build().uri() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Keeps every container's log under target/container-logs, then removes the containers and networks. */
  @Override
  public void close() {
    try {
      Files.createDirectories(LOG_DIR);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    List<GenericContainer<?>> all;
    synchronized (everyContainer) {
      all = List.copyOf(everyContainer);
    }
    for (GenericContainer<?> container : all) {
      String id = container.getContainerId();
      if (id != null) {
        try {
          String name = container.getContainerInfo() != null
            ? container.getContainerInfo().getConfig().getHostName() : id;
          Files.writeString(LOG_DIR.resolve(clusterName + "-" + name + "-" + id.substring(0, 12) + ".log"),
            container.getLogs());
        } catch (IOException | RuntimeException e) {
          System.err.println("could not keep the log of " + id + ": " + e);
        }
      }
      container.stop();
    }
    clusterNetwork.close();
    accessNetwork.close();
  }

  /** A node container that is on the access network too before it starts, so it can reach the backend at once. */
  private static final class AccessConnected extends GenericContainer<AccessConnected> {

    private final String accessNetworkId;

    AccessConnected(String accessNetworkId) {
      super(Images.node());
      this.accessNetworkId = accessNetworkId;
    }

    @Override
    protected void containerIsCreated(String containerId) {
      DockerClientFactory.instance().client().connectToNetworkCmd().withContainerId(containerId)
        .withNetworkId(accessNetworkId).exec();
    }
  }
}
