package dev.pharos.edge.ratelimit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Sends requests to several edge nodes in turn, as DNS round-robin spreads clients, and counts the answers by node:
 * 200 (admitted), 429 (limited), anything else. Open loop at a fixed rate, or a fixed list as fast as a bounded number
 * in flight allows. Call from a test thread.
 */
final class SpreadLoad implements AutoCloseable {

  private static final long DEADLINE_SECONDS = 180;

  /** Counts by node. */
  record Counts(int[] admittedByNode, int[] limitedByNode, int[] otherByNode, long elapsedMillis) {

    int admitted() {
      return sum(admittedByNode);
    }

    int limited() {
      return sum(limitedByNode);
    }

    int other() {
      return sum(otherByNode);
    }

    private static int sum(int[] values) {
      int sum = 0;
      for (int v : values) {
        sum += v;
      }
      return sum;
    }
  }

  private final Vertx vertx = Vertx.vertx();
  private final HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
    new PoolOptions().setHttp1MaxSize(64));
  private final List<Integer> ports;
  private final String host;

  SpreadLoad(List<Integer> ports, String host) {
    this.ports = List.copyOf(ports);
    this.host = host;
  }

  /**
   * Sends {@code perSecond} requests a second for {@code millis}, request i to node {@code i % nodes}, each with the
   * headers {@code headers} gives it (name, value, name, value...).
   */
  Counts atRate(int perSecond, long millis, IntFunction<String[]> headers) {
    Tally tally = new Tally(ports.size());
    AtomicInteger sent = new AtomicInteger();
    long total = perSecond * millis / 1000;
    long tick = 10;
    CompletableFuture<Void> done = new CompletableFuture<>();
    long start = System.nanoTime();
    vertx.setPeriodic(tick, id -> {
      long due = Math.min(total, (System.nanoTime() - start) / 1_000_000 * perSecond / 1000);
      while (sent.get() < due) {
        int i = sent.getAndIncrement();
        send(i, headers.apply(i), tally, () -> {
          if (tally.answered.incrementAndGet() == total) {
            done.complete(null);
          }
        });
      }
      if (sent.get() >= total) {
        vertx.cancelTimer(id);
      }
    });
    return finish(done, tally, start);
  }

  /** Sends {@code count} requests, at most {@code inFlight} at a time. */
  Counts all(int count, int inFlight, IntFunction<String[]> headers) {
    Tally tally = new Tally(ports.size());
    AtomicInteger next = new AtomicInteger();
    CompletableFuture<Void> done = new CompletableFuture<>();
    long start = System.nanoTime();
    Runnable[] sendNext = new Runnable[1];
    sendNext[0] = () -> {
      int i = next.getAndIncrement();
      if (i < count) {
        send(i, headers.apply(i), tally, () -> {
          if (tally.answered.incrementAndGet() == count) {
            done.complete(null);
          }
          sendNext[0].run();
        });
      }
    };
    vertx.runOnContext(v -> {
      for (int k = 0; k < inFlight; k++) {
        sendNext[0].run();
      }
    });
    return finish(done, tally, start);
  }

  private void send(int i, String[] headers, Tally tally, Runnable answered) {
    int node = i % ports.size();
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
      .setPort(ports.get(node)).setURI("/r/" + i).putHeader("Host", host);
    for (int h = 0; h + 1 < headers.length; h += 2) {
      options.putHeader(headers[h], headers[h + 1]);
    }
    client.request(options)
      .compose(request -> request.send().compose(response -> response.body().map(body -> response.statusCode())))
      .onComplete(ar -> {
        int status = ar.succeeded() ? ar.result() : -1;
        (status == 200 ? tally.admitted : status == 429 ? tally.limited : tally.other)[node].incrementAndGet();
        answered.run();
      });
  }

  private static Counts finish(CompletableFuture<Void> done, Tally tally, long start) {
    try {
      done.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("load did not finish: " + e, e);
    }
    return tally.counts((System.nanoTime() - start) / 1_000_000);
  }

  private static final class Tally {
    final AtomicInteger[] admitted;
    final AtomicInteger[] limited;
    final AtomicInteger[] other;
    final AtomicLong answered = new AtomicLong();

    Tally(int nodes) {
      admitted = counters(nodes);
      limited = counters(nodes);
      other = counters(nodes);
    }

    private static AtomicInteger[] counters(int n) {
      AtomicInteger[] c = new AtomicInteger[n];
      for (int i = 0; i < n; i++) {
        c[i] = new AtomicInteger();
      }
      return c;
    }

    Counts counts(long elapsedMillis) {
      return new Counts(values(admitted), values(limited), values(other), elapsedMillis);
    }

    private static int[] values(AtomicInteger[] c) {
      int[] v = new int[c.length];
      for (int i = 0; i < c.length; i++) {
        v[i] = c[i].get();
      }
      return v;
    }
  }

  @Override
  public void close() {
    Future<Void> closed = vertx.close();
    closed.toCompletionStage().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
  }
}
