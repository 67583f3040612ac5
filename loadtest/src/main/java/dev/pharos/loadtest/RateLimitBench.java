package dev.pharos.loadtest;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures the rate limiter of a running cluster from outside, with every request spread over the nodes in turn:
 *
 * <ol>
 *   <li>the latency it adds: the same closed-loop load on a route without a limit and on one whose limit never refuses
 *   (so every request takes the limiter's whole path, its lease and headers), interleaved request by request, p50 and
 *   p99 of each;</li>
 *   <li>admitted versus limit: open-loop load at 2x, 5x and 20x a limit of one shared key (a fresh route each), the
 *   requests answered 200 against the limit over the run, burst + rate x time.</li>
 * </ol>
 *
 * What it does not show: the generator shares the machine with the nodes, so latency includes its own scheduling; a
 * run on one host says nothing of network round trips between members, which lengthen only the first request of a key
 * on a node and the sync, not the request path.
 *
 * <pre>java -cp loadtest/target/pharos-load.jar dev.pharos.loadtest.RateLimitBench --admin 127.0.0.1:9091 \
 *   --token demo-token --nodes 127.0.0.1:8081,127.0.0.1:8082,127.0.0.1:8083 --backend 127.0.0.1:8001</pre>
 */
public final class RateLimitBench {

  private static final long TIMEOUT_SECONDS = 300;

  private final Vertx vertx = Vertx.vertx();
  private final HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
    new PoolOptions().setHttp1MaxSize(32));
  private final List<String> nodes;

  private RateLimitBench(List<String> nodes) {
    this.nodes = nodes;
  }

  public static void main(String[] args) throws Exception {
    String admin = "127.0.0.1:9091";
    String token = System.getenv().getOrDefault("PHAROS_ADMIN_TOKEN", "demo-token");
    List<String> nodes = List.of("127.0.0.1:8081", "127.0.0.1:8082", "127.0.0.1:8083");
    String backend = "127.0.0.1:8001";
    int limit = 50;
    int seconds = 10;
    int latencyRequests = 20_000;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--admin" -> admin = args[i + 1];
        case "--token" -> token = args[i + 1];
        case "--nodes" -> nodes = Arrays.asList(args[i + 1].split(","));
        case "--backend" -> backend = args[i + 1];
        case "--limit" -> limit = Integer.parseInt(args[i + 1]);
        case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
        case "--latency-requests" -> latencyRequests = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    RateLimitBench bench = new RateLimitBench(nodes);
    try {
      bench.run(admin, token, backend, limit, seconds, latencyRequests);
    } finally {
      bench.vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private void run(String admin, String token, String backend, int limit, int seconds, int latencyRequests)
    throws Exception {
    String run = Long.toString(System.currentTimeMillis() % 100_000);
    int colon = backend.lastIndexOf(':');
    put(admin, token, "/api/v1/upstreams/rl-bench", new JsonObject().put("targets", new JsonArray().add(
      new JsonObject().put("host", backend.substring(0, colon)).put("port", Integer.parseInt(backend.substring(colon + 1))))));
    String free = "rl-free-" + run;
    String never = "rl-never-" + run;
    put(admin, token, "/api/v1/routes/" + free + "?wait=applied", route(free, null));
    put(admin, token, "/api/v1/routes/" + never + "?wait=applied", route(never,
      new JsonObject().put("requests", 1_000_000_000).put("per", "second").put("key", new JsonArray().add("ip"))));

    System.out.printf("latency: %d requests per route, 8 in flight, over %d nodes%n", latencyRequests, nodes.size());
    Histogram[] latency = latency(free + ".bench", never + ".bench", latencyRequests / 10);
    latency = latency(free + ".bench", never + ".bench", latencyRequests);
    System.out.printf("| route | p50 ms | p99 ms |%n|---|---|---|%n");
    System.out.printf("| no rate limit | %.3f | %.3f |%n", ms(latency[0], 50), ms(latency[0], 99));
    System.out.printf("| rate limit (never refuses) | %.3f | %.3f |%n", ms(latency[1], 50), ms(latency[1], 99));
    System.out.printf("added by the limiter: p50 %+.3f ms, p99 %+.3f ms%n%n",
      ms(latency[1], 50) - ms(latency[0], 50), ms(latency[1], 99) - ms(latency[0], 99));

    System.out.printf("admitted vs limit: %d/s, burst %d, one shared key, %d s per load%n", limit, limit, seconds);
    System.out.printf("| load | sent | admitted | limit (burst + rate x time) | admitted / limit |%n|---|---|---|---|---|%n");
    for (int factor : new int[] {2, 5, 20}) {
      String id = "rl-" + factor + "x-" + run;
      put(admin, token, "/api/v1/routes/" + id + "?wait=applied", route(id, new JsonObject()
        .put("requests", limit).put("per", "second").put("key", new JsonArray().add("route"))));
      long[] result = openLoop(id + ".bench", factor * limit, seconds * 1000L);
      double allowed = limit + limit * result[2] / 1000.0;
      System.out.printf("| %dx | %d | %d | %.0f | %.3f |%n", factor, result[0], result[1], allowed,
        result[1] / allowed);
    }
  }

  private static JsonObject route(String id, JsonObject limit) {
    JsonObject route = new JsonObject().put("hosts", new JsonArray().add(id + ".bench")).put("upstream", "rl-bench");
    if (limit != null) {
      route.put("rateLimit", new JsonObject().put("limits", new JsonArray().add(limit)));
    }
    return route;
  }

  private static double ms(Histogram histogram, double percentile) {
    return histogram.getValueAtPercentile(percentile) / 1000.0;
  }

  /** Closed loop, 8 in flight, requests alternating between the two hosts; latency in microseconds by host. */
  private Histogram[] latency(String hostA, String hostB, int perHost) throws Exception {
    Histogram[] histograms = {new Histogram(60_000_000L, 3), new Histogram(60_000_000L, 3)};
    AtomicInteger next = new AtomicInteger();
    AtomicInteger answered = new AtomicInteger();
    int total = 2 * perHost;
    CompletableFuture<Void> done = new CompletableFuture<>();
    Runnable[] sendNext = new Runnable[1];
    sendNext[0] = () -> {
      int i = next.getAndIncrement();
      if (i >= total) {
        return;
      }
      int which = i % 2;
      long start = System.nanoTime();
      get(i / 2, which == 0 ? hostA : hostB).onComplete(ar -> {
        if (ar.succeeded() && ar.result() == 200) {
          histograms[which].recordValue(Math.max(1, (System.nanoTime() - start) / 1000));
        }
        if (answered.incrementAndGet() == total) {
          done.complete(null);
        }
        sendNext[0].run();
      });
    };
    vertx.runOnContext(v -> {
      for (int k = 0; k < 8; k++) {
        sendNext[0].run();
      }
    });
    done.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    return histograms;
  }

  /** @return requests sent, answered 200, and the run's length in milliseconds */
  private long[] openLoop(String host, int perSecond, long millis) throws Exception {
    long total = perSecond * millis / 1000;
    AtomicLong sent = new AtomicLong();
    AtomicLong admitted = new AtomicLong();
    AtomicLong answered = new AtomicLong();
    CompletableFuture<Void> done = new CompletableFuture<>();
    long start = System.nanoTime();
    vertx.setPeriodic(5, id -> {
      long due = Math.min(total, (System.nanoTime() - start) / 1_000_000 * perSecond / 1000);
      while (sent.get() < due) {
        long i = sent.getAndIncrement();
        get((int) i, host).onComplete(ar -> {
          if (ar.succeeded() && ar.result() == 200) {
            admitted.incrementAndGet();
          }
          if (answered.incrementAndGet() == total) {
            done.complete(null);
          }
        });
      }
      if (sent.get() >= total) {
        vertx.cancelTimer(id);
      }
    });
    done.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    return new long[] {total, admitted.get(), (System.nanoTime() - start) / 1_000_000};
  }

  private Future<Integer> get(int i, String host) {
    String node = nodes.get(i % nodes.size());
    int colon = node.lastIndexOf(':');
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(node.substring(0, colon))
      .setPort(Integer.parseInt(node.substring(colon + 1))).setURI("/bench").putHeader("Host", host);
    return client.request(options)
      .compose(request -> request.send().compose(response -> response.body().map(body -> response.statusCode())));
  }

  private void put(String admin, String token, String path, JsonObject body) throws Exception {
    int colon = admin.lastIndexOf(':');
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.PUT).setHost(admin.substring(0, colon))
      .setPort(Integer.parseInt(admin.substring(colon + 1))).setURI(path)
      .putHeader("Authorization", "Bearer " + token).putHeader("Content-Type", "application/json");
    int status = client.request(options)
      .compose(request -> request.send(body.toBuffer()).map(response -> response.statusCode()))
      .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    if (status != 200 && status != 201) {
      throw new IllegalStateException("PUT " + path + " answered " + status);
    }
  }
}
