package dev.pharos.loadtest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;

/**
 * Measures how long a route written through one node's admin API takes to be served by every node.
 *
 * <p>For each write: send {@code PUT /api/v1/routes/bench-N} (no {@code ?wait}) to the first admin port, and from the
 * moment it is sent poll every node's HTTP port with {@code Host: bench-N.bench} until each answers with something
 * other than 404. The sample is the time until the last node serves it. What it does not show: the numbers include
 * the admin call's own commit time and up to one polling interval (1 ms plus a loopback round trip); they say
 * nothing about a cluster whose members are on different hosts.
 *
 * <pre>java -cp loadtest/target/classes dev.pharos.loadtest.PropagationBench \
 *   --admin 127.0.0.1:9091 --token demo-token --nodes 127.0.0.1:8081,127.0.0.1:8082,127.0.0.1:8083 \
 *   --upstream demo --writes 100</pre>
 */
public final class PropagationBench {

  private static final long POLL_PAUSE_NANOS = Duration.ofMillis(1).toNanos();
  private static HttpClient client;

  public static void main(String[] args) throws Exception {
    // Each probe names the route's host, which the JDK client refuses unless told before it first loads.
    System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
    client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    String admin = "127.0.0.1:9091";
    String token = System.getenv().getOrDefault("PHAROS_ADMIN_TOKEN", "demo-token");
    List<String> nodes = List.of("127.0.0.1:8081", "127.0.0.1:8082", "127.0.0.1:8083");
    String upstream = "demo";
    int writes = 100;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--admin" -> admin = args[i + 1];
        case "--token" -> token = args[i + 1];
        case "--nodes" -> nodes = Arrays.asList(args[i + 1].split(","));
        case "--upstream" -> upstream = args[i + 1];
        case "--writes" -> writes = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    String run = Long.toString(System.currentTimeMillis() % 100_000);
    // One thread per node: the common pool has a single thread on a 2-core machine and would poll them in turn.
    ExecutorService pollers = Executors.newFixedThreadPool(nodes.size());
    double[] millis = new double[writes];
    double[] commitMillis = new double[writes];
    for (int n = 0; n < writes; n++) {
      String id = "bench-" + run + "-" + n;
      String body = "{\"hosts\":[\"" + id + ".bench\"],\"pathPrefix\":\"/\",\"upstream\":\"" + upstream + "\"}";
      HttpRequest put = HttpRequest.newBuilder(URI.create("http://" + admin + "/api/v1/routes/" + id))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(body)).build();
      long start = System.nanoTime();
      CompletableFuture<HttpResponse<String>> written = client.sendAsync(put, HttpResponse.BodyHandlers.ofString());
      List<CompletableFuture<Long>> served = new ArrayList<>();
      for (String node : nodes) {
        served.add(CompletableFuture.supplyAsync(() -> pollUntilServed(node, id + ".bench", start), pollers));
      }
      int status = written.get().statusCode();
      commitMillis[n] = (System.nanoTime() - start) / 1e6;
      if (status != 201 && status != 200) {
        throw new IllegalStateException("PUT " + id + " answered " + status + ": " + written.get().body());
      }
      long last = 0;
      for (CompletableFuture<Long> f : served) {
        last = Math.max(last, f.get());
      }
      millis[n] = (last - start) / 1e6;
      delete(admin, token, id);
    }
    pollers.shutdown();
    Arrays.sort(millis);
    Arrays.sort(commitMillis);
    System.out.printf("writes=%d nodes=%d  served everywhere: p50=%.1f ms  p99=%.1f ms  max=%.1f ms"
        + "  (PUT answered: p50=%.1f ms  p99=%.1f ms)%n", writes, nodes.size(),
      percentile(millis, 50), percentile(millis, 99), millis[millis.length - 1],
      percentile(commitMillis, 50), percentile(commitMillis, 99));
  }

  private static long pollUntilServed(String node, String host, long start) {
    HttpRequest get = HttpRequest.newBuilder(URI.create("http://" + node + "/")).header("Host", host).build();
    while (System.nanoTime() - start < Duration.ofSeconds(30).toNanos()) {
      try {
        if (client.send(get, HttpResponse.BodyHandlers.discarding()).statusCode() != 404) {
          return System.nanoTime();
        }
        // A pause keeps three pollers from taking the CPU the nodes need to apply the change.
        LockSupport.parkNanos(POLL_PAUSE_NANOS);
      } catch (Exception e) {
        throw new IllegalStateException("node " + node + ": " + e, e);
      }
    }
    throw new IllegalStateException("node " + node + " did not serve " + host + " within 30 s");
  }

  private static void delete(String admin, String token, String id) throws Exception {
    client.send(HttpRequest.newBuilder(URI.create("http://" + admin + "/api/v1/routes/" + id + "?wait=applied"))
      .header("Authorization", "Bearer " + token).DELETE().build(), HttpResponse.BodyHandlers.discarding());
  }

  private static double percentile(double[] sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
