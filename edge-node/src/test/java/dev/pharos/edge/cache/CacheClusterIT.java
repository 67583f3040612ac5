package dev.pharos.edge.cache;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.LocalMapStats;
import dev.pharos.edge.PharosNode;
import dev.pharos.edge.testing.Http;
import dev.pharos.edge.testing.NodeFixtures;
import dev.pharos.edge.testing.TestBackend;
import dev.pharos.model.ClusterNames;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three real members share one HTTP cache in front of a real origin that counts what it receives: a response stored
 * through one node is a hit on the others, concurrent misses reach the origin once, private answers are never shared,
 * revalidation, stale-if-error, purges through any node, invalidation by POST, backups that outlive a member, and a
 * memory bound that holds.
 *
 * <p>The tests share the cluster; the memory fill and the member kill change it for everyone after them, so they run
 * last, in that order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CacheClusterIT {

  private static final String CLUSTER = "cache-cluster-it";
  private static final int BASE_PORT = 7201;
  private static final String HOST = "cache.example";
  private static final String FLAKY_HOST = "flaky.example";
  private static final String PLAIN_HOST = "plain.example";
  private static final String LIMITED_HOST = "limited.example";
  private static final long MEMORY_BOUND = 2L * 1024 * 1024;
  private static final int FILL_OBJECT_BYTES = 32 * 1024;
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir
  static Path dataDir;
  static Vertx originVertx;
  static TestBackend origin;
  static TestBackend flakyOrigin;
  static List<PharosNode> nodes;
  static final AtomicInteger served = new AtomicInteger();

  @BeforeAll
  static void startCluster() {
    originVertx = Vertx.vertx();
    origin = TestBackend.start(originVertx, "origin", CacheClusterIT::answer);
    flakyOrigin = TestBackend.start(originVertx, "flaky", (request, response) -> response
      .putHeader("Cache-Control", "max-age=0, stale-if-error=600").end("flaky " + served.incrementAndGet()));
    nodes = NodeFixtures.startCluster(CLUSTER, BASE_PORT, 3, dataDir, Map.of(
      "PHAROS_CACHE_MAX_MEMORY_BYTES", Long.toString(MEMORY_BOUND),
      "PHAROS_CACHE_COLLAPSE_TIMEOUT_MS", "5000",
      // A MISS ends once its store completes or this passes: generous, so a loaded machine keeps the next-request-hits
      // promise these tests check.
      "PHAROS_CACHE_STORE_WAIT_MS", "5000"));
    admin("PUT", 0, "/api/v1/upstreams/origin", new JsonObject().put("targets", new JsonArray()
      .add(new JsonObject().put("host", "127.0.0.1").put("port", origin.port()))));
    admin("PUT", 0, "/api/v1/upstreams/flaky", new JsonObject().put("targets", new JsonArray()
      .add(new JsonObject().put("host", "127.0.0.1").put("port", flakyOrigin.port()))));
    admin("PUT", 0, "/api/v1/routes/cached?wait=applied", new JsonObject().put("hosts", new JsonArray().add(HOST))
      .put("upstream", "origin").put("cache", new JsonObject()));
    admin("PUT", 0, "/api/v1/routes/plain?wait=applied", new JsonObject()
      .put("hosts", new JsonArray().add(PLAIN_HOST)).put("upstream", "origin"));
    admin("PUT", 0, "/api/v1/routes/limited?wait=applied", new JsonObject()
      .put("hosts", new JsonArray().add(LIMITED_HOST)).put("upstream", "origin").put("cache", new JsonObject())
      .put("rateLimit", new JsonObject().put("limits", new JsonArray().add(new JsonObject()
        .put("requests", 3).put("per", "hour").put("key", new JsonArray().add("ip"))))));
    admin("PUT", 0, "/api/v1/routes/flaky?wait=applied", new JsonObject()
      .put("hosts", new JsonArray().add(FLAKY_HOST)).put("upstream", "flaky").put("cache", new JsonObject())
      .put("retries", new JsonObject().put("attempts", 0)));
  }

  @AfterAll
  static void stopCluster() {
    NodeFixtures.stopAll(nodes);
    originVertx.close();
  }

  /** The origin: what it answers depends on the path's first segment; each answer's body is numbered. */
  private static void answer(TestBackend.Received request, io.vertx.core.http.HttpServerResponse response) {
    String path = URI.create(request.uri()).getPath();
    String body = request.method() + " " + request.uri() + " #" + served.incrementAndGet();
    switch (path.split("/")[1]) {
      case "fresh" -> response.putHeader("Cache-Control", "max-age=60").putHeader("ETag", "\"f1\"")
        .putHeader("Surrogate-Key", "fresh all").end(body);
      case "slow" -> originVertx.setTimer(500, id -> response.putHeader("Cache-Control", "max-age=60").end(body));
      case "private" -> response.putHeader("Cache-Control", "private, max-age=60").end(body);
      case "nostore" -> response.putHeader("Cache-Control", "no-store, max-age=60").end(body);
      case "cookie" -> response.putHeader("Cache-Control", "max-age=60").putHeader("Set-Cookie", "id=" + body.hashCode())
        .end(body);
      case "etag" -> {
        if ("\"v1\"".equals(request.header("If-None-Match"))) {
          response.setStatusCode(304).putHeader("ETag", "\"v1\"").putHeader("Cache-Control", "no-cache").end();
        } else {
          response.putHeader("Cache-Control", "no-cache").putHeader("ETag", "\"v1\"").end(body);
        }
      }
      case "items" -> {
        if (request.method().equals("POST")) {
          response.setStatusCode(201).putHeader("Location", "/items/created").end(body);
        } else {
          response.putHeader("Cache-Control", "max-age=60").end(body);
        }
      }
      case "swr" -> {
        // Dated 10 s ago with 5 s of freshness: stale on arrival, within stale-while-revalidate.
        long date = System.currentTimeMillis() - (request.header("If-None-Match") == null ? 10_000 : 0);
        response.putHeader("Date", dev.pharos.edge.cache.http.HttpDates.format(date))
          .putHeader("Cache-Control", "max-age=5, stale-while-revalidate=60").putHeader("ETag", "\"s1\"");
        if ("\"s1\"".equals(request.header("If-None-Match"))) {
          response.setStatusCode(304).end();
        } else {
          response.end(body);
        }
      }
      case "malformed" -> response.putHeader("Cache-Control", "max-age=\"60\", , =, no-transform=")
        .end(body);
      case "tagged" -> response.putHeader("Cache-Control", "max-age=60")
        .putHeader("Surrogate-Key", "t-" + path.split("/")[2]).end(body);
      case "ranged" -> {
        // An origin that honours Range: its 206 is a part, never to be stored as the whole.
        response.putHeader("Cache-Control", "max-age=60");
        if (request.header("Range") != null) {
          response.setStatusCode(206).putHeader("Content-Range", "bytes 0-1/" + body.length()).end(body.substring(0, 2));
        } else {
          response.end(body);
        }
      }
      case "fill" -> response.putHeader("Cache-Control", "max-age=600").end("x".repeat(FILL_OBJECT_BYTES));
      default -> response.putHeader("Cache-Control", "max-age=60").end(body);
    }
  }

  @Test
  @Order(1)
  void missOnOneNodeThenHitOnTheOthersWithOneOriginFetch() {
    HttpResponse<String> first = get(0, HOST, "/fresh/a");
    HttpResponse<String> second = get(1, HOST, "/fresh/a");
    HttpResponse<String> third = get(2, HOST, "/fresh/a");

    assertThat(first.headers().firstValue("X-Cache")).contains("MISS");
    assertThat(second.headers().firstValue("X-Cache")).contains("HIT");
    assertThat(third.headers().firstValue("X-Cache")).contains("HIT");
    assertThat(second.body()).isEqualTo(first.body());
    assertThat(third.body()).isEqualTo(first.body());
    assertThat(second.headers().firstValue("Age")).isPresent();
    assertThat(second.headers().firstValue("Surrogate-Key")).isEmpty();
    assertThat(first.headers().firstValue("Surrogate-Key")).isEmpty();
    assertThat(originCount("/fresh/a")).isEqualTo(1);
  }

  @Test
  @Order(1)
  void malformedCacheControlIsReadLenientlyAndNeverAnError() {
    HttpResponse<String> first = get(0, HOST, "/malformed/1");
    HttpResponse<String> second = get(1, HOST, "/malformed/1");
    HttpResponse<String> plain = get(2, PLAIN_HOST, "/malformed/2");
    HttpResponse<String> malformedRequest = send(2, "GET", HOST, "/malformed/1", "Cache-Control",
      "max-age=\"x, ,=,,\"");

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("Cache-Control")).contains("max-age=\"60\", , =, no-transform=");
    assertThat(second.headers().firstValue("X-Cache")).contains("HIT");
    assertThat(plain.statusCode()).isEqualTo(200);
    assertThat(plain.headers().firstValue("X-Cache")).isEmpty();
    assertThat(malformedRequest.statusCode()).isEqualTo(200);
  }

  @Test
  @Order(2)
  void headAndConditionalRequestsAreAnsweredFromTheStoredGet() {
    HttpResponse<String> stored = get(0, HOST, "/fresh/b");

    HttpResponse<String> head = send(1, "HEAD", HOST, "/fresh/b");
    HttpResponse<String> conditional = send(2, "GET", HOST, "/fresh/b", "If-None-Match", "\"f1\"");

    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValue("X-Cache")).contains("HIT");
    assertThat(head.headers().firstValue("Content-Length")).contains(Integer.toString(stored.body().length()));
    assertThat(head.body()).isEmpty();
    assertThat(conditional.statusCode()).isEqualTo(304);
    assertThat(conditional.headers().firstValue("ETag")).contains("\"f1\"");
    assertThat(conditional.headers().firstValue("X-Cache")).contains("HIT");
    assertThat(originCount("/fresh/b")).isEqualTo(1);
  }

  @Test
  @Order(2)
  void aHitCarriesWhatTheStagesAboveTheCacheAdd() {
    get(0, HOST, "/fresh/stages");

    HttpResponse<String> hit = send(1, "GET", HOST, "/fresh/stages", "X-Request-Id", "stages-1");

    assertThat(hit.headers().firstValue("X-Cache")).contains("HIT");
    assertThat(hit.headers().allValues("X-Request-Id")).containsExactly("stages-1");
    assertThat(hit.headers().allValues("X-Served-By")).hasSize(1);
    assertThat(hit.headers().allValues("Date")).hasSize(1);
    assertThat(hit.headers().allValues("Cache-Control")).containsExactly("max-age=60");
    assertThat(hit.headers().allValues("ETag")).containsExactly("\"f1\"");
    assertThat(hit.headers().allValues("Content-Length")).containsExactly(Integer.toString(hit.body().length()));
  }

  @Test
  @Order(2)
  void theRateLimitAppliesToHitsAndTheirAnswersCarryItsHeaders() {
    HttpResponse<String> miss = get(0, LIMITED_HOST, "/fresh/limited");
    // How the 3 tokens an hour are leased among the nodes is the limiter's business: ask each node in turn.
    List<HttpResponse<String>> after = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      after.add(get(i % 3, LIMITED_HOST, "/fresh/limited"));
    }

    assertThat(miss.headers().firstValue("X-Cache")).contains("MISS");
    List<HttpResponse<String>> hits = after.stream().filter(r -> r.statusCode() == 200).toList();
    assertThat(hits).isNotEmpty().allSatisfy(hit -> {
      assertThat(hit.headers().firstValue("X-Cache")).contains("HIT");
      assertThat(hit.headers().allValues("RateLimit-Policy")).hasSize(1);
      assertThat(hit.headers().allValues("RateLimit")).hasSize(1);
    });
    assertThat(after).filteredOn(r -> r.statusCode() != 200).isNotEmpty()
      .allSatisfy(refused -> assertThat(refused.statusCode()).isEqualTo(429));
    assertThat(originCount("/fresh/limited")).isEqualTo(1);
  }

  @Test
  @Order(2)
  void rangesAreAnsweredFromTheStoredWhole() {
    String whole = get(0, HOST, "/fresh/range").body();
    int length = whole.length();

    HttpResponse<String> first = send(1, "GET", HOST, "/fresh/range", "Range", "bytes=0-3");
    HttpResponse<String> suffix = send(2, "GET", HOST, "/fresh/range", "Range", "bytes=-3");
    HttpResponse<String> pastTheEnd = send(1, "GET", HOST, "/fresh/range", "Range", "bytes=" + length + "-");
    HttpResponse<String> several = send(2, "GET", HOST, "/fresh/range", "Range", "bytes=0-1,3-4");
    HttpResponse<String> ifRangeMatches = send(1, "GET", HOST, "/fresh/range", "Range", "bytes=2-5", "If-Range",
      "\"f1\"");
    HttpResponse<String> ifRangeDiffers = send(2, "GET", HOST, "/fresh/range", "Range", "bytes=2-5", "If-Range",
      "\"other\"");
    HttpResponse<String> head = send(1, "HEAD", HOST, "/fresh/range", "Range", "bytes=0-3");

    assertThat(first.statusCode()).isEqualTo(206);
    assertThat(first.body()).isEqualTo(whole.substring(0, 4));
    assertThat(first.headers().firstValue("Content-Range")).contains("bytes 0-3/" + length);
    assertThat(first.headers().firstValue("Content-Length")).contains("4");
    assertThat(first.headers().firstValue("X-Cache")).contains("HIT");
    assertThat(first.headers().firstValue("Age")).isPresent();
    assertThat(suffix.statusCode()).isEqualTo(206);
    assertThat(suffix.body()).isEqualTo(whole.substring(length - 3));
    assertThat(suffix.headers().firstValue("Content-Range")).contains("bytes " + (length - 3) + "-" + (length - 1)
      + "/" + length);
    assertThat(pastTheEnd.statusCode()).isEqualTo(416);
    assertThat(pastTheEnd.headers().firstValue("Content-Range")).contains("bytes */" + length);
    assertThat(pastTheEnd.body()).isEmpty();
    assertThat(several.statusCode()).isEqualTo(200);
    assertThat(several.body()).isEqualTo(whole);
    assertThat(ifRangeMatches.statusCode()).isEqualTo(206);
    assertThat(ifRangeMatches.body()).isEqualTo(whole.substring(2, 6));
    assertThat(ifRangeDiffers.statusCode()).isEqualTo(200);
    assertThat(ifRangeDiffers.body()).isEqualTo(whole);
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValue("Content-Length")).contains(Integer.toString(length));
    assertThat(originCount("/fresh/range")).isEqualTo(1);
  }

  @Test
  @Order(2)
  void aRangeMissGoesToTheOriginAndItsPartIsNotStored() {
    HttpResponse<String> part = send(0, "GET", HOST, "/ranged/a", "Range", "bytes=0-1");
    HttpResponse<String> whole = get(1, HOST, "/ranged/a");
    HttpResponse<String> stored = get(2, HOST, "/ranged/a");
    HttpResponse<String> partOfStored = send(0, "GET", HOST, "/ranged/a", "Range", "bytes=0-1");

    assertThat(part.statusCode()).isEqualTo(206);
    assertThat(part.body()).hasSize(2);
    assertThat(part.headers().firstValue("X-Cache")).contains("MISS");
    assertThat(whole.statusCode()).isEqualTo(200);
    assertThat(whole.headers().firstValue("X-Cache")).contains("MISS");
    assertThat(whole.body()).startsWith("GET /ranged/a #");
    assertThat(stored.headers().firstValue("X-Cache")).contains("HIT");
    assertThat(stored.body()).isEqualTo(whole.body());
    assertThat(partOfStored.statusCode()).isEqualTo(206);
    assertThat(partOfStored.body()).isEqualTo(whole.body().substring(0, 2));
    assertThat(partOfStored.headers().firstValue("X-Cache")).contains("HIT");
    assertThat(originCount("/ranged/a")).isEqualTo(2);
  }

  @Test
  @Order(2)
  void concurrentHeadMissesOverThreeNodesReachTheOriginOnceAsAGetThatFillsTheCache() {
    List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      responses.add(sendAsync(i % 3, "HEAD", HOST, "/slow/head"));
    }
    List<HttpResponse<String>> done = responses.stream().map(CompletableFuture::join).toList();
    HttpResponse<String> get = get(1, HOST, "/slow/head");

    assertThat(done).allSatisfy(r -> {
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEmpty();
      assertThat(r.headers().firstValue("Content-Length")).contains(Integer.toString(get.body().length()));
    });
    assertThat(get.headers().firstValue("X-Cache")).contains("HIT");
    assertThat(received("/slow/head")).singleElement().satisfies(r -> assertThat(r.method()).isEqualTo("GET"));
  }

  @Test
  @Order(3)
  void fiftyConcurrentMissesOverThreeNodesReachTheOriginOnce() {
    List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
    long started = System.nanoTime();
    for (int i = 0; i < 50; i++) {
      responses.add(sendAsync(i % 3, HOST, "/slow/cold"));
    }
    List<HttpResponse<String>> done = responses.stream().map(CompletableFuture::join).toList();
    System.out.printf("50 concurrent misses answered in %d ms%n", (System.nanoTime() - started) / 1_000_000);

    assertThat(done).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
    assertThat(done.stream().map(HttpResponse::body).distinct()).hasSize(1);
    assertThat(originCount("/slow/cold")).isEqualTo(1);
    JsonObject stats = new JsonObject(admin("GET", 2, "/api/v1/cache/stats", null).body());
    assertThat(stats.getJsonObject("cluster").getLong("collapsedWaits")).isGreaterThanOrEqualTo(1);
  }

  @Test
  @Order(4)
  void privateNoStoreAndSetCookieResponsesAreNeverServedToASecondClient() {
    for (String path : List.of("/private/x", "/nostore/x", "/cookie/x")) {
      HttpResponse<String> first = get(0, HOST, path);
      HttpResponse<String> second = get(1, HOST, path);

      assertThat(second.body()).as(path).isNotEqualTo(first.body());
      assertThat(second.headers().firstValue("X-Cache")).as(path).contains("MISS");
      assertThat(originCount(path)).as(path).isEqualTo(2);
    }
  }

  @Test
  @Order(5)
  void staleEntryWithETagIsRevalidatedWithOneConditionalRequest() {
    HttpResponse<String> first = get(0, HOST, "/etag/1");
    HttpResponse<String> second = get(1, HOST, "/etag/1");

    assertThat(first.headers().firstValue("X-Cache")).contains("MISS");
    assertThat(second.headers().firstValue("X-Cache")).contains("REVALIDATED");
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.body()).isEqualTo(first.body());
    List<TestBackend.Received> received = received("/etag/1");
    assertThat(received).hasSize(2);
    assertThat(received.get(0).header("If-None-Match")).isNull();
    assertThat(received.get(1).header("If-None-Match")).isEqualTo("\"v1\"");
  }

  @Test
  @Order(5)
  void staleWhileRevalidateServesStaleAndRefreshesInTheBackgroundOnce() {
    HttpResponse<String> first = get(0, HOST, "/swr/1");
    HttpResponse<String> stale = get(1, HOST, "/swr/1");

    assertThat(first.headers().firstValue("X-Cache")).contains("MISS");
    assertThat(stale.headers().firstValue("X-Cache")).contains("STALE");
    assertThat(stale.body()).isEqualTo(first.body());
    await().atMost(Duration.ofSeconds(10)).until(() -> originCount("/swr/1") == 2);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
      assertThat(get(2, HOST, "/swr/1").headers().firstValue("X-Cache")).contains("HIT"));
    assertThat(received("/swr/1").get(1).header("If-None-Match")).isEqualTo("\"s1\"");
    assertThat(originCount("/swr/1")).isEqualTo(2);
  }

  @Test
  @Order(6)
  void staleIfErrorServesTheStoredResponseWhileTheOriginIsDown() {
    HttpResponse<String> first = get(0, FLAKY_HOST, "/page");
    flakyOrigin.stop();

    HttpResponse<String> whileDown = get(1, FLAKY_HOST, "/page");

    assertThat(first.headers().firstValue("X-Cache")).contains("MISS");
    assertThat(whileDown.statusCode()).isEqualTo(200);
    assertThat(whileDown.headers().firstValue("X-Cache")).contains("STALE");
    assertThat(whileDown.body()).isEqualTo(first.body());
  }

  @Test
  @Order(7)
  void purgeThroughNodeCRemovesWhatNodesAAndBServe() {
    for (String path : List.of("/purge/url", "/purge/dir/one", "/purge/dir/two", "/tagged/red", "/tagged/blue")) {
      get(0, HOST, path);
      assertThat(get(0, HOST, path).headers().firstValue("X-Cache")).as(path).contains("HIT");
      assertThat(get(1, HOST, path).headers().firstValue("X-Cache")).as(path).contains("HIT");
    }

    assertThat(purge(new JsonObject().put("url", "http://" + HOST + "/purge/url"))).isEqualTo(1);
    assertThat(purge(new JsonObject().put("prefix", "http://" + HOST + "/purge/dir/"))).isEqualTo(2);
    assertThat(purge(new JsonObject().put("tag", "t-red"))).isEqualTo(1);

    for (String path : List.of("/purge/url", "/purge/dir/one", "/purge/dir/two", "/tagged/red")) {
      int before = originCount(path);
      assertThat(get(0, HOST, path).headers().firstValue("X-Cache")).as(path).contains("MISS");
      assertThat(get(1, HOST, path).headers().firstValue("X-Cache")).as(path).contains("HIT");
      assertThat(originCount(path)).as(path).isEqualTo(before + 1);
    }
    assertThat(get(1, HOST, "/tagged/blue").headers().firstValue("X-Cache")).contains("HIT");
    // A path prefix purges on every host: /tagged/red (stored again above) and /tagged/blue.
    assertThat(purge(new JsonObject().put("prefix", "/tagged/"))).isEqualTo(2);
    assertThat(get(0, HOST, "/tagged/blue").headers().firstValue("X-Cache")).contains("MISS");
    HttpResponse<String> bad = admin("POST", 2, "/api/v1/cache/purge", new JsonObject().put("url", "not a url"));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.headers().firstValue("Content-Type")).contains("application/problem+json");
  }

  @Test
  @Order(8)
  void postInvalidatesTheStoredGet() {
    HttpResponse<String> stored = get(0, HOST, "/items/1");
    assertThat(get(1, HOST, "/items/1").headers().firstValue("X-Cache")).contains("HIT");
    get(0, HOST, "/items/created");

    HttpResponse<String> posted = send(2, "POST", HOST, "/items/1");
    HttpResponse<String> after = get(0, HOST, "/items/1");

    assertThat(posted.statusCode()).isEqualTo(201);
    assertThat(posted.headers().firstValue("X-Cache")).contains("BYPASS");
    assertThat(after.headers().firstValue("X-Cache")).contains("MISS");
    assertThat(after.body()).isNotEqualTo(stored.body());
    assertThat(received("/items/1").stream().filter(r -> r.method().equals("GET")).count()).isEqualTo(2);
    // The Location of the POST's answer, on the same host, is invalidated too.
    assertThat(get(0, HOST, "/items/created").headers().firstValue("X-Cache")).contains("MISS");
    assertThat(originCount("/items/created")).isEqualTo(2);
    // Node B's hot copy goes when it hears of the removal, within moments.
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
      assertThat(get(1, HOST, "/items/1").body()).isEqualTo(after.body()));
  }

  @Test
  @Order(9)
  void statsAndMetricsCountWhatHappened() {
    JsonObject stats = new JsonObject(admin("GET", 0, "/api/v1/cache/stats", null).body());

    assertThat(stats.getJsonArray("nodes")).hasSize(3);
    JsonObject cluster = stats.getJsonObject("cluster");
    assertThat(cluster.getLong("hits")).isPositive();
    assertThat(cluster.getLong("misses")).isPositive();
    assertThat(cluster.getLong("staleServes")).isPositive();
    assertThat(cluster.getLong("revalidations")).isPositive();
    assertThat(cluster.getLong("entries")).isPositive();
    assertThat(cluster.getLong("bytes")).isPositive();
    String metrics = Http.get(nodes.get(0).adminPort(), "localhost", "/metrics").body();
    assertThat(metrics).contains("pharos_cache_hits_total", "pharos_cache_misses_total",
      "pharos_cache_stale_serves_total", "pharos_cache_entries", "pharos_cache_bytes");
  }

  @Test
  @Order(10)
  void memoryBoundHoldsUnderAFillOfTenTimesItsSize() {
    int objects = (int) (10 * MEMORY_BOUND / FILL_OBJECT_BYTES);
    long started = System.nanoTime();
    List<CompletableFuture<HttpResponse<String>>> batch = new ArrayList<>();
    for (int i = 0; i < objects; i++) {
      batch.add(sendAsync(i % 3, HOST, "/fill/" + i));
      if (batch.size() == 32) {
        batch.forEach(CompletableFuture::join);
        batch.clear();
      }
    }
    batch.forEach(CompletableFuture::join);
    System.out.printf("filled %d objects in %d ms%n", objects, (System.nanoTime() - started) / 1_000_000);

    for (PharosNode node : nodes) {
      LocalMapStats stats = cacheMap(node.hazelcast()).getLocalMapStats();
      long held = stats.getOwnedEntryMemoryCost() + stats.getBackupEntryMemoryCost();
      System.out.printf("%s holds %d bytes of cache (%d entries, %d backups) after a fill of %d bytes; bound %d%n",
        node.settings().nodeName(), held, stats.getOwnedEntryCount(), stats.getBackupEntryCount(),
        (long) objects * FILL_OBJECT_BYTES, MEMORY_BOUND);
      // Eviction follows each write, so a bound may be passed by the entries written since its last check.
      assertThat(held).isLessThanOrEqualTo(MEMORY_BOUND + 8L * FILL_OBJECT_BYTES);
      assertThat(stats.getOwnedEntryCount()).isPositive();
    }
  }

  @Test
  @Order(11)
  void entriesOfAKilledMemberAreServedFromTheirBackups() {
    // The cluster is at its memory bound after the fill, and the two members left would evict to stay within it.
    assertThat(purge(new JsonObject().put("route", "cached"))).isPositive();
    PharosNode doomed = nodes.get(0);
    List<String> ownedByDoomed = new ArrayList<>();
    for (int i = 0; ownedByDoomed.size() < 5 && i < 200; i++) {
      String path = "/backup/" + i;
      if (doomed.hazelcast().getPartitionService().getPartition("http://" + HOST + path).getOwner()
        .localMember()) {
        ownedByDoomed.add(path);
        assertThat(get(0, HOST, path).headers().firstValue("X-Cache")).contains("MISS");
      }
    }
    assertThat(ownedByDoomed).hasSize(5);

    doomed.hazelcast().getLifecycleService().terminate();
    await().atMost(Duration.ofSeconds(30)).until(() -> nodes.get(1).hazelcast().getCluster().getMembers().size() == 2);

    for (String path : ownedByDoomed) {
      HttpResponse<String> response = get(1 + ownedByDoomed.indexOf(path) % 2, HOST, path);
      assertThat(response.headers().firstValue("X-Cache")).as(path).contains("HIT");
      assertThat(originCount(path)).as(path).isEqualTo(1);
    }
  }

  private static IMap<String, byte[]> cacheMap(HazelcastInstance hazelcast) {
    return hazelcast.getMap(ClusterNames.CACHE_MAP);
  }

  private static long purge(JsonObject body) {
    HttpResponse<String> response = admin("POST", 2, "/api/v1/cache/purge", body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new JsonObject(response.body()).getLong("purged");
  }

  private static int originCount(String uri) {
    return received(uri).size();
  }

  private static List<TestBackend.Received> received(String uri) {
    return origin.received().stream().filter(r -> r.uri().equals(uri)).toList();
  }

  private static HttpResponse<String> get(int node, String host, String path) {
    return send(node, "GET", host, path);
  }

  private static HttpResponse<String> send(int node, String method, String host, String path, String... headers) {
    return sendAsync(node, method, host, path, headers).join();
  }

  private static CompletableFuture<HttpResponse<String>> sendAsync(int node, String host, String path) {
    return sendAsync(node, "GET", host, path);
  }

  private static CompletableFuture<HttpResponse<String>> sendAsync(int node, String method, String host, String path,
                                                                   String... headers) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + nodes.get(node).httpPort()
        + path))
      .header("Host", host)
      .timeout(Duration.ofSeconds(20))
      .method(method, HttpRequest.BodyPublishers.noBody());
    for (int i = 0; i + 1 < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    return CLIENT.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> admin(String method, int node, String path, JsonObject body) {
    return Http.admin(method, nodes.get(node).adminPort(), path, body);
  }
}
