package dev.pharos.edge.proxy;

import dev.pharos.edge.testing.TestSockets;
import dev.pharos.model.Target;
import dev.pharos.model.Upstream;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Sends mutated requests over raw sockets to a real edge in front of a recording origin, and checks that the origin
 * received exactly the requests the client was answered for: nothing one parser framed as a body reached the origin
 * as a request, and no body arrived with another length than the one answered for. Each case is one connection that
 * starts with a PROXY protocol header naming an address of its own, so the origin's {@code X-Forwarded-For} tells
 * which case each request it received came from, whatever the mutations did to the rest.
 *
 * <p>Requests are built from valid parts, then varied where parsers disagree (Content-Length and Transfer-Encoding
 * combinations, chunk sizes and extensions, line endings, bare CR and LF, space before a colon, duplicates, obsolete
 * folding, control characters, absolute-form targets, dot segments, a pipelined request, a request as bait in the
 * body), then some are mutated byte by byte. The seed is printed; replay a run with {@code -Dpharos.fuzz.seed=N}. The
 * run stops after {@code -Dpharos.fuzz.cases} cases or {@value #BUDGET_SECONDS} seconds, whichever comes first. At the
 * end the node must still serve, and hold no client connection, no request in flight and no more origin connections
 * than requests ever ran at once.
 */
@ExtendWith(VertxExtension.class)
@Timeout(90)
class FramingFuzzTest {

  private static final long SEED = Long.getLong("pharos.fuzz.seed", 20261126L);
  private static final int CASES = Integer.getInteger("pharos.fuzz.cases", 1500);
  private static final int BUDGET_SECONDS = 20;
  private static final int CLIENTS = 16;
  /** How long a case waits for more from the edge before it closes: the edge may wait for body bytes never sent. */
  private static final int SILENCE_MS = 1000;
  /** How long a case waits for the answer to a request the origin has received, on a machine that may be busy. */
  private static final long ANSWER_WAIT_MS = 15_000;

  private static final String BAIT = "GET /smuggled HTTP/1.1\r\nHost: app.test\r\n\r\n";
  private static final Pattern SEEN = Pattern.compile("seen\\|([^|\\r\\n]*)\\|([^|\\r\\n]*)\\|(\\d+)\\|end");
  private static final String[] TOKENS = {
    "\r\n", "\n", "\r", " ", "\t", ":", ",", ";", "0", "1", "9", "f", "-", "+", "\u0000", "\u000b", "\u007f", "\u00ff",
    "Transfer-Encoding: chunked\r\n", "Content-Length: 3\r\n", "Content-Length: 0\r\n", "Host: other.test\r\n",
    " chunked", ", chunked", "\r\n\r\n", "0\r\n\r\n", "HTTP/1.0", "http://app.test", " \r\n x", "/../", "%2e",
  };
  private static final String[] TRANSFER_ENCODINGS = {
    "chunked", "Chunked", " chunked ", "chunked, identity", "gzip, chunked", "chunked, gzip", "xchunked", "chunked\u000b",
    "identity", "",
  };
  private static final String[] LENGTH_FORMS = {"%d", "+%d", "0%d", "%d, %d", " %d ", "%d%d", "-%d", "0x%x"};
  private static final String[] CHUNK_SIZES = {"%x", "%X", "0%x", "%x;ext=1", "%x ;a=b", "0x%x", "-%x", "%x\t",
    "ffffffffffffffff%x", "%x\n"};
  private static final String[] TARGETS = {
    "/c/%s", "/c/./%s/../%s", "/c/%%2e%%2e/%s", "//c//%s", "http://app.test/c/%s", "HTTP://APP.TEST:80/c/%s",
    "http://other.test/c/%s", "http://user@app.test/c/%s", "*", "c/%s", "/c/%s?q=../..", "/c/%s#frag", "/c/%s\\..",
  };

  /** On a listener that also takes h2c, each case's request is the first of its connection, which Vert.x sees first. */
  @ParameterizedTest(name = "h2c listener: {0}")
  @ValueSource(booleans = {false, true})
  void theOriginReceivesExactlyTheRequestsTheClientWasAnsweredFor(boolean h2c, Vertx vertx) throws Exception {
    RecordingOrigin origin = RecordingOrigin.start(vertx);
    TestEdge edge = TestEdge.start(vertx, TestEdge.settings().withProxyProtocol(true).withHttp2Cleartext(h2c))
      .route("app.test", Upstream.of("app", origin.target()));
    System.out.printf("FramingFuzzTest: h2c listener %s, seed %d (replay with -Dpharos.fuzz.seed=%d), up to %d cases"
      + " or %d s%n", h2c, SEED, SEED, CASES, BUDGET_SECONDS);

    Random random = new Random(SEED);
    List<Case> cases = new ArrayList<>();
    for (int i = 0; i < CASES; i++) {
      cases.add(new Case(i, generate(i, random)));
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BUDGET_SECONDS);
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    AtomicInteger ran = new AtomicInteger();
    List<Future<?>> runs = new ArrayList<>();
    try {
      for (Case c : cases) {
        runs.add(clients.submit(() -> {
          if (System.nanoTime() < deadline) {
            c.exchange(edge.port(), origin);
            ran.incrementAndGet();
          }
        }));
      }
      for (Future<?> run : runs) {
        run.get(60, TimeUnit.SECONDS);
      }
    } finally {
      clients.shutdownNow();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> edge.connections().open() == 0);
    System.out.printf("FramingFuzzTest: once every client had left, %d requests in flight, %d origin connections%n",
      edge.inFlight(origin.target()), origin.open.get());
    await().alias("no request in flight to the origin").atMost(Duration.ofSeconds(10))
      .until(() -> edge.inFlight(origin.target()) == 0);

    int answeredByOrigin = 0;
    int arrivedAfterClientLeft = 0;
    for (Case c : cases) {
      if (c.answer == null) {
        continue;
      }
      List<String> answered = new ArrayList<>();
      Matcher seen = SEEN.matcher(c.answer);
      while (seen.find()) {
        assertThat(seen.group(1)).as(c.describe("an answer for another connection's request")).isEqualTo(c.address());
        answered.add(seen.group(2) + " " + seen.group(3));
      }
      answeredByOrigin += answered.size();
      // A request that reached the origin only after the client had given up waiting was in flight when it left:
      // it cannot have been answered. Every other one must have been, exactly once.
      List<String> beforeLeaving = new ArrayList<>();
      for (Seen record : origin.receivedFrom(c.address())) {
        if (record.atNanos() < c.leftAtNanos) {
          beforeLeaving.add(record.what());
        } else {
          arrivedAfterClientLeft++;
        }
      }
      assertThat(beforeLeaving).as(c.describe("the requests the origin received before the client left"))
        .containsExactlyInAnyOrderElementsOf(answered);
    }
    System.out.printf("FramingFuzzTest: %d cases ran, %d requests answered by the origin, %d received by it (%d after "
        + "their client left); the origin holds %d connections (at most %d requests ran at once)%n", ran.get(),
      answeredByOrigin, origin.requests.get(), arrivedAfterClientLeft, origin.open.get(), CLIENTS);

    assertThat(ran.get()).isPositive();
    assertThat(TestSockets.exchange(edge.port(), new Case(CASES, "").proxyHeader()
      + "GET /c/after HTTP/1.1\r\nHost: app.test\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200 OK\r\n");
    await().atMost(Duration.ofSeconds(10)).until(() -> edge.connections().open() == 0);
    assertThat(origin.open.get()).isLessThanOrEqualTo(CLIENTS + 1);
  }

  /** One connection's worth of bytes: a request built from valid parts, varied, sometimes mutated further. */
  private static String generate(int id, Random random) {
    String method = pick(random, "GET", "POST", "POST", "PUT", "HEAD");
    String target = String.format(pick(random, TARGETS), id, id);
    String version = random.nextInt(10) == 0 ? "HTTP/1.0" : "HTTP/1.1";
    String eol = random.nextInt(8) == 0 ? pick(random, "\n", "\r", "\r\r\n") : "\r\n";
    String body = random.nextBoolean() ? BAIT : "x".repeat(random.nextInt(20));

    List<String> headers = new ArrayList<>();
    headers.add(pick(random, "Host: app.test", "Host: app.test", "Host: app.test", "Host: App.Test:80",
      "Host: app.test.", "Host : app.test", "Host: other.test", "Host:app.test"));
    if (random.nextInt(10) == 0) {
      headers.add(pick(random, "Host: app.test", "Host: other.test", "Host:"));
    }
    headers.add("X-Case: " + id);
    String framing = pick(random, "none", "length", "length", "chunked", "chunked", "both");
    String chunked = chunk(body, random);
    if (framing.equals("length") || framing.equals("both")) {
      int declared = switch (random.nextInt(4)) {
        case 0 -> body.length() + 1 + random.nextInt(5);
        case 1 -> Math.max(0, body.length() - 1 - random.nextInt(5));
        default -> framing.equals("both") ? chunked.length() : body.length();
      };
      headers.add("Content-Length: " + String.format(random.nextInt(4) == 0 ? pick(random, LENGTH_FORMS) : "%d",
        declared, declared));
      if (random.nextInt(8) == 0) {
        headers.add("Content-Length: " + (random.nextBoolean() ? declared : declared + 1));
      }
    }
    if (framing.equals("chunked") || framing.equals("both")) {
      headers.add("Transfer-Encoding: " + (random.nextInt(3) == 0 ? pick(random, TRANSFER_ENCODINGS) : "chunked"));
      if (random.nextInt(10) == 0) {
        headers.add("Transfer-Encoding: " + pick(random, TRANSFER_ENCODINGS));
      }
    }
    if (random.nextInt(6) == 0) {
      headers.add(pick(random, "X-A: a\u0000b", "X-A : b", "X-A:\tb\t", "X-A: a" + eol + " folded", "X-A: a"
        + eol + "\tfolded", "X\u0000A: b", "X-A: a\rb", "X-A: a\nb", "Connection: close", "Expect: 100-continue",
        "Connection: keep-alive, Transfer-Encoding", ": empty-name", "X-A"));
    }
    Collections.shuffle(headers, random);

    StringBuilder request = new StringBuilder(method).append(' ').append(target).append(' ').append(version)
      .append(eol);
    headers.forEach(h -> request.append(h).append(eol));
    request.append(eol);
    request.append(framing.equals("chunked") || framing.equals("both") ? chunked : body);
    if (random.nextInt(3) == 0) {
      request.append("GET /c/").append(id).append("/next HTTP/1.1\r\nHost: app.test\r\n\r\n");
    }
    return random.nextBoolean() ? mutate(request, random) : request.toString();
  }

  /** {@code body} as chunks of random sizes, each size line written one of several ways, valid or not. */
  private static String chunk(String body, Random random) {
    StringBuilder chunked = new StringBuilder();
    int at = 0;
    while (at < body.length()) {
      int size = Math.min(body.length() - at, 1 + random.nextInt(body.length()));
      String form = random.nextInt(5) == 0 ? pick(random, CHUNK_SIZES) : "%x";
      chunked.append(String.format(form, size)).append("\r\n").append(body, at, at + size).append("\r\n");
      at += size;
    }
    chunked.append(random.nextInt(10) == 0 ? pick(random, "0\r\nX-Trailer: t\r\n\r\n", "0\r\n", "0;e=1\r\n\r\n")
      : "0\r\n\r\n");
    return chunked.toString();
  }

  private static String mutate(StringBuilder request, Random random) {
    int mutations = 1 + random.nextInt(3);
    for (int m = 0; m < mutations && request.length() > 0; m++) {
      int at = random.nextInt(request.length());
      switch (random.nextInt(3)) {
        case 0 -> request.setCharAt(at, pick(random, TOKENS).charAt(0));
        case 1 -> request.insert(at, pick(random, TOKENS));
        default -> request.delete(at, Math.min(request.length(), at + 1 + random.nextInt(4)));
      }
    }
    return request.toString();
  }

  @SafeVarargs
  private static <T> T pick(Random random, T... choices) {
    return choices[random.nextInt(choices.length)];
  }

  /** What the origin saw of one request ({@code path bodyLength}), and when. */
  private record Seen(String what, long atNanos) {
  }

  /** One fuzz case: its connection's PROXY address is derived from its id. */
  private static final class Case {

    final int id;
    final String request;
    volatile String answer;
    volatile long leftAtNanos;

    Case(int id, String request) {
      this.id = id;
      this.request = request;
    }

    /**
     * Sends the case on a connection of its own and keeps everything the edge sends until it closes the connection or
     * has been silent for {@link #SILENCE_MS} while owing no answer (the origin has answered as many of this case's
     * requests as the client has seen); closing the socket then ends whatever request the edge still waits for.
     */
    void exchange(int port, RecordingOrigin origin) {
      long answerDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ANSWER_WAIT_MS);
      try (Socket socket = new Socket("127.0.0.1", port)) {
        socket.setSoTimeout(SILENCE_MS);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try {
          socket.getOutputStream().write((proxyHeader() + request).getBytes(StandardCharsets.ISO_8859_1));
          InputStream in = socket.getInputStream();
          byte[] buffer = new byte[4096];
          while (true) {
            try {
              int n = in.read(buffer);
              if (n < 0) {
                break;
              }
              received.write(buffer, 0, n);
            } catch (SocketTimeoutException silent) {
              long seen = SEEN.matcher(received.toString(StandardCharsets.ISO_8859_1)).results().count();
              if (origin.receivedFrom(address()).size() <= seen || System.nanoTime() > answerDeadline) {
                break;
              }
            }
          }
        } catch (IOException reset) {
          // The edge closed without reading everything sent; what it answered first is kept.
        }
        leftAtNanos = System.nanoTime();
        answer = received.toString(StandardCharsets.ISO_8859_1);
      } catch (IOException e) {
        throw new AssertionError("fuzz exchange with port " + port + " failed: " + e, e);
      }
    }

    String address() {
      return "10." + (id >> 16 & 0xff) + "." + (id >> 8 & 0xff) + "." + (id & 0xff);
    }

    String proxyHeader() {
      return "PROXY TCP4 " + address() + " 10.255.255.254 40000 80\r\n";
    }

    String describe(String what) {
      return "seed " + SEED + ", case " + id + ": " + what + "\n--- sent:\n" + request + "\n--- answered:\n" + answer;
    }
  }

  /**
   * A real HTTP server recording each complete request it receives by the client address the edge forwarded, and
   * answering with what it saw in an {@code X-Seen} header: that address, the path and the body length. Counts its
   * open connections.
   */
  private static final class RecordingOrigin {

    final Map<String, List<Seen>> received = new ConcurrentHashMap<>();
    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger open = new AtomicInteger();
    private HttpServer server;

    static RecordingOrigin start(Vertx vertx) {
      RecordingOrigin origin = new RecordingOrigin();
      origin.server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .connectionHandler(connection -> {
          origin.open.incrementAndGet();
          connection.closeHandler(v -> origin.open.decrementAndGet());
        })
        .requestHandler(request -> request.body().onSuccess(body -> {
          String client = String.valueOf(request.getHeader("x-forwarded-for"));
          String seen = request.path() + " " + body.length();
          origin.received.computeIfAbsent(client, k -> new CopyOnWriteArrayList<>())
            .add(new Seen(seen, System.nanoTime()));
          origin.requests.incrementAndGet();
          // In a header, so that answers to HEAD carry it too.
          request.response().putHeader("x-seen", "seen|" + client + "|" + request.path() + "|" + body.length() + "|end")
            .putHeader("content-type", "text/plain").end("ok");
        }));
      origin.server.listen().await();
      return origin;
    }

    Target target() {
      return Target.of("127.0.0.1", server.actualPort());
    }

    List<Seen> receivedFrom(String client) {
      return received.getOrDefault(client, List.of());
    }
  }
}
