package dev.pharos.edge.routing;

import dev.pharos.edge.upstream.Balancers;
import dev.pharos.edge.upstream.StickyKey;
import dev.pharos.model.ConfigSnapshot;
import dev.pharos.model.Route;
import dev.pharos.model.Target;
import dev.pharos.model.Timeouts;
import dev.pharos.model.Upstream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Time of one {@link RouteTable#match} with 10 and with 10,000 routes; lookup is meant not to grow with the table.
 * Run it with {@code loadtest/route-lookup-bench.sh}.
 *
 * <p>Routes come in groups of five per tenant host: a catch-all, {@code /api}, a GET/POST-only
 * {@code /api/v1/users}, {@code /static/} with stripPrefix, and {@code /api/v1/orders}. One tenant in four is
 * served on a wildcard ({@code *.tN.example.com}), the others on an exact host, and one any-host route catches
 * unknown hosts. Requests cycle through a fixed, seeded sample of 4,096 with the same shape at every table size:
 * 70% for exact hosts, 25% for wildcard ones, 5% for unknown hosts, half with a port, paths up to three segments
 * under one of the five prefixes, mostly GET.
 *
 * <p>The numbers cover matching only. At 10,000 routes the requests spread over 2,000 hosts, so the part of the
 * table they touch outgrows the CPU caches and each lookup waits on memory a few times; compare with
 * {@link #activeTenants} to tell that apart from the lookup's own cost. They say nothing of request parsing, the
 * network, or a table just swapped in.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RouteLookupBenchmark {

  private static final int REQUESTS = 4096;
  private static final String[] PREFIXES = {"/", "/api", "/api/v1/users", "/static/", "/api/v1/orders"};
  private static final String[] TAILS = {"", "/42", "/42/details", "/index.html", "/a/b"};
  private static final String[] METHODS = {"GET", "GET", "GET", "POST", "PUT"};

  @Param({"10", "10000"})
  public int routes;

  /**
   * How many tenants the requests go to, 0 for all. A few ({@code -p activeTenants=4}) on the 10,000-route table
   * shows what a lookup costs when the table's data that requests touch fits in the CPU caches.
   */
  @Param("0")
  public int activeTenants;

  private RouteTable table;
  private String[] authorities;
  private String[] paths;
  private String[] methods;
  private int next;

  @Setup
  public void setUp() {
    Upstream upstream = Upstream.of("backend", Target.of("10.0.0.1", 8080));
    List<Route> list = new ArrayList<>();
    list.add(new Route("any-host", List.of(), "/", List.of(), upstream.id(), false, Timeouts.DEFAULTS));
    for (int i = 0; i < routes - 1; i++) {
      int kind = i % PREFIXES.length;
      list.add(new Route(String.format("r%05d", i), List.of(hostPattern(i / PREFIXES.length)), PREFIXES[kind],
        kind == 2 ? List.of("GET", "POST") : List.of(), upstream.id(), kind == 3, Timeouts.DEFAULTS));
    }
    table = RouteTable.compile(ConfigSnapshot.of(1, list, List.of(upstream)), new Balancers(StickyKey.random()));

    Random random = new Random(42);
    int tenants = (routes - 1 + PREFIXES.length - 1) / PREFIXES.length;
    if (activeTenants > 0) {
      tenants = Math.min(tenants, activeTenants);
    }
    authorities = new String[REQUESTS];
    paths = new String[REQUESTS];
    methods = new String[REQUESTS];
    for (int i = 0; i < REQUESTS; i++) {
      // The same mix of host kinds whatever the table size: 70% exact, 25% wildcard, 5% unknown.
      int kind = random.nextInt(20);
      boolean wildcard = kind >= 14;
      int tenant;
      do {
        tenant = random.nextInt(tenants);
      } while (isWildcard(tenant) != wildcard);
      String host = kind == 19 ? "unknown" + tenant + ".example.net" : requestHost(tenant);
      authorities[i] = random.nextBoolean() ? host : host + ":443";
      String prefix = PREFIXES[random.nextInt(PREFIXES.length)];
      String tail = TAILS[random.nextInt(TAILS.length)];
      paths[i] = prefix.endsWith("/") && !tail.isEmpty() ? prefix + tail.substring(1) : prefix + tail;
      methods[i] = METHODS[random.nextInt(METHODS.length)];
    }
  }

  private static boolean isWildcard(int tenant) {
    return tenant % 4 == 1;
  }

  private static String hostPattern(int tenant) {
    return isWildcard(tenant) ? "*.t" + tenant + ".example.com" : "api.t" + tenant + ".example.com";
  }

  private static String requestHost(int tenant) {
    return isWildcard(tenant) ? "www.t" + tenant + ".example.com" : "api.t" + tenant + ".example.com";
  }

  @Benchmark
  public RouteMatch match() {
    int i = next;
    next = (i + 1) & (REQUESTS - 1);
    return table.match(authorities[i], paths[i], methods[i]);
  }
}
