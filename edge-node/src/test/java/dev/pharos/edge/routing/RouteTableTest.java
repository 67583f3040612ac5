package dev.pharos.edge.routing;

import dev.pharos.edge.upstream.Balancers;
import dev.pharos.edge.upstream.StickyKey;
import dev.pharos.model.ConfigSnapshot;
import dev.pharos.model.Route;
import dev.pharos.model.Target;
import dev.pharos.model.Timeouts;
import dev.pharos.model.Upstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RouteTableTest {

  private static final Upstream BACKEND = Upstream.of("backend", Target.of("10.0.0.1", 8080));

  @Test
  void exactHostBeatsWildcardBeatsAnyHost() {
    RouteTable table = table(
      route("any", List.of(), "/"),
      route("wildcard", List.of("*.example.com"), "/"),
      route("exact", List.of("api.example.com"), "/"));

    assertThat(matchedId(table, "api.example.com", "/x")).isEqualTo("exact");
    assertThat(matchedId(table, "www.example.com", "/x")).isEqualTo("wildcard");
    assertThat(matchedId(table, "example.org", "/x")).isEqualTo("any");
  }

  @Test
  void longestWildcardSuffixWins() {
    RouteTable table = table(
      route("short", List.of("*.example.com"), "/"),
      route("long", List.of("*.eu.example.com"), "/"));

    assertThat(matchedId(table, "api.eu.example.com", "/")).isEqualTo("long");
    assertThat(matchedId(table, "api.us.example.com", "/")).isEqualTo("short");
  }

  @Test
  void wildcardMatchesAnyDepthButNotTheApex() {
    RouteTable table = table(route("wildcard", List.of("*.b.example"), "/"));

    assertThat(matchedId(table, "a.b.example", "/")).isEqualTo("wildcard");
    assertThat(matchedId(table, "x.a.b.example", "/")).isEqualTo("wildcard");
    assertThat(table.match("b.example", "/", "GET")).isNull();
    assertThat(table.match("ab.example", "/", "GET")).isNull();
  }

  @ParameterizedTest
  @CsvSource({"API.Example.COM", "api.example.com:8443", "api.example.com.", "Api.Example.Com.:80"})
  void matchesHostIgnoringCasePortAndTrailingDot(String authority) {
    RouteTable table = table(route("exact", List.of("api.example.com"), "/"));

    assertThat(matchedId(table, authority, "/")).isEqualTo("exact");
  }

  @Test
  void matchesBracketedIpv6Hosts() {
    RouteTable table = table(route("v6", List.of("[::1]"), "/"));

    assertThat(matchedId(table, "[::1]:8080", "/")).isEqualTo("v6");
  }

  @Test
  void fallsThroughToLessSpecificHostsWhenThePathDoesNotMatch() {
    RouteTable table = table(
      route("exact-api", List.of("www.example.com"), "/api"),
      route("wildcard-static", List.of("*.example.com"), "/static"),
      route("any", List.of(), "/"));

    assertThat(matchedId(table, "www.example.com", "/api/x")).isEqualTo("exact-api");
    assertThat(matchedId(table, "www.example.com", "/static/a.css")).isEqualTo("wildcard-static");
    assertThat(matchedId(table, "www.example.com", "/other")).isEqualTo("any");
  }

  @Test
  void routesWithoutAHostMatchRequestsWithoutOne() {
    RouteTable table = table(route("any", List.of(), "/"));

    assertThat(matchedId(table, null, "/")).isEqualTo("any");
    assertThat(matchedId(table, "", "/")).isEqualTo("any");
  }

  @Test
  void longestPrefixWins() {
    RouteTable table = table(
      route("root", List.of(), "/"),
      route("api", List.of(), "/api"),
      route("users", List.of(), "/api/users"));

    assertThat(matchedId(table, "h", "/api/users/42")).isEqualTo("users");
    assertThat(matchedId(table, "h", "/api/orders")).isEqualTo("api");
    assertThat(matchedId(table, "h", "/home")).isEqualTo("root");
  }

  @ParameterizedTest
  @CsvSource({"/api, api", "/api/, api", "/api/x, api", "/apix, root", "/ap, root", "/api%2Fx, root"})
  void matchesPrefixesAtSegmentBoundaries(String path, String id) {
    RouteTable table = table(route("root", List.of(), "/"), route("api", List.of(), "/api"));

    assertThat(matchedId(table, "h", path)).isEqualTo(id);
  }

  @ParameterizedTest
  @CsvSource({"/api/, slash", "/api/x, slash", "/api, bare", "/apix, root"})
  void trailingSlashPrefixMatchesOnlyPathsUnderIt(String path, String id) {
    RouteTable table = table(
      route("root", List.of(), "/"),
      route("bare", List.of(), "/api"),
      route("slash", List.of(), "/api/"));

    assertThat(matchedId(table, "h", path)).isEqualTo(id);
  }

  @Test
  void matchesLongPrefixes() {
    String segment = "/" + "x".repeat(63);
    RouteTable table = table(
      route("short", List.of(), segment.substring(0, 6)),
      route("long", List.of(), segment + "/abcde"));

    assertThat(matchedId(table, "h", segment + "/abcde/f")).isEqualTo("long");
    assertThat(matchedId(table, "h", segment.substring(0, 6) + "/f")).isEqualTo("short");
    assertThat(table.match("h", segment + "/abcdef", "GET")).isNull();
  }

  @Test
  void matchesPercentEncodedPrefixesAgainstNormalisedPaths() {
    RouteTable table = table(route("home", List.of(), "/%7euser"));

    assertThat(matchedId(table, "h", RequestPath.parse("/%7Euser/x").path())).isEqualTo("home");
  }

  @Test
  void routeListingTheMethodBeatsAnyMethodRoute() {
    RouteTable table = table(
      route("a-any", List.of(), "/api", List.of(), false),
      route("b-post", List.of(), "/api", List.of("POST"), false));

    assertThat(matchedId(table, "h", "/api", "POST")).isEqualTo("b-post");
    assertThat(matchedId(table, "h", "/api", "GET")).isEqualTo("a-any");
    assertThat(matchedId(table, "h", "/api", "PROPFIND")).isEqualTo("a-any");
  }

  @Test
  void fallsThroughToShorterPrefixWhenTheMethodDoesNotMatch() {
    RouteTable table = table(
      route("root", List.of(), "/"),
      route("api-get", List.of(), "/api", List.of("GET"), false),
      route("api-users-post", List.of(), "/api/users", List.of("POST"), false));

    assertThat(matchedId(table, "h", "/api/users", "POST")).isEqualTo("api-users-post");
    assertThat(matchedId(table, "h", "/api/users", "GET")).isEqualTo("api-get");
    assertThat(matchedId(table, "h", "/api/users", "DELETE")).isEqualTo("root");
  }

  @ParameterizedTest
  @CsvSource({"GET, v1-get", "PUT, api-slash-put", "POST, api-post", "DELETE, root", "PROPFIND, root"})
  void fallsThroughEveryShorterPrefixUntilOneAcceptsTheMethod(String method, String id) {
    RouteTable table = table(
      route("root", List.of(), "/"),
      route("api-post", List.of(), "/api", List.of("POST"), false),
      route("api-slash-put", List.of(), "/api/", List.of("PUT"), false),
      route("v1-get", List.of(), "/api/v1", List.of("GET"), false));

    assertThat(matchedId(table, "h", "/api/v1/x", method)).isEqualTo(id);
  }

  @Test
  void fallsThroughToLessSpecificHostsWhenTheMethodDoesNotMatch() {
    RouteTable table = table(
      route("exact-get", List.of("api.example.com"), "/api", List.of("GET"), false),
      route("any", List.of(), "/"));

    assertThat(matchedId(table, "api.example.com", "/api", "GET")).isEqualTo("exact-get");
    assertThat(matchedId(table, "api.example.com", "/api", "POST")).isEqualTo("any");
  }

  @Test
  void lowestIdWinsATie() {
    RouteTable table = table(
      route("route-b", List.of("h"), "/api", List.of("GET", "POST"), false),
      route("route-a", List.of("h"), "/api", List.of("GET"), false),
      route("route-c", List.of("h"), "/api"),
      route("route-d", List.of("h"), "/api"));

    assertThat(matchedId(table, "h", "/api", "GET")).isEqualTo("route-a");
    assertThat(matchedId(table, "h", "/api", "POST")).isEqualTo("route-b");
    assertThat(matchedId(table, "h", "/api", "PUT")).isEqualTo("route-c");
  }

  @ParameterizedTest
  @CsvSource({
    "/api, /api, /",
    "/api, /api/, /",
    "/api, /api/users, /users",
    "/api/, /api/, /",
    "/api/, /api/users, /users",
    "/, /users, /users",
    "/api/v1, /api/v1/a/b/, /a/b/",
  })
  void stripPrefixKeepsALeadingSlash(String prefix, String path, String forwardPath) {
    RouteTable table = table(route("strip", List.of(), prefix, List.of(), true));

    assertThat(table.match("h", path, "GET").forwardPath()).isEqualTo(forwardPath);
  }

  @Test
  void forwardsTheWholePathWithoutStripPrefix() {
    RouteTable table = table(route("api", List.of(), "/api"));

    assertThat(table.match("h", "/api/users", "GET").forwardPath()).isEqualTo("/api/users");
  }

  @Test
  void returnsNullWhenNothingMatches() {
    RouteTable table = table(route("api", List.of("api.example.com"), "/api", List.of("GET"), false));

    assertThat(table.match("www.example.com", "/api", "GET")).isNull();
    assertThat(table.match("api.example.com", "/other", "GET")).isNull();
    assertThat(table.match("api.example.com", "/api", "POST")).isNull();
    assertThat(RouteTable.EMPTY.match("h", "/", "GET")).isNull();
  }

  @Test
  void routesSharingAnUpstreamShareItsTargetSelector() {
    RouteTable table = table(route("a", List.of(), "/a"), route("b", List.of(), "/b"));

    RouteMatch a = table.match("h", "/a", "GET");
    RouteMatch b = table.match("h", "/b", "GET");

    assertThat(a.upstream()).isEqualTo(BACKEND);
    assertThat(a.targets()).isSameAs(b.targets());
    assertThat(a.targets().next(null).target()).isEqualTo(BACKEND.targets().get(0));
  }

  @Test
  void compilesTenThousandRoutesAndMatchesEachToItsOwn() {
    List<Route> routes = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      routes.add(route(String.format("r%05d", i), List.of("svc" + i % 100 + ".example.com"), "/api/v" + i));
    }
    RouteTable table = table(routes.toArray(Route[]::new));

    for (int i = 0; i < 10_000; i += 37) {
      String host = "svc" + i % 100 + ".example.com";
      assertThat(matchedId(table, host, "/api/v" + i + "/items/1")).isEqualTo(String.format("r%05d", i));
      assertThat(table.match(host, "/api/v" + i + "x", "GET")).isNull();
    }
  }

  private static String matchedId(RouteTable table, String authority, String path) {
    return matchedId(table, authority, path, "GET");
  }

  private static String matchedId(RouteTable table, String authority, String path, String method) {
    RouteMatch match = table.match(authority, path, method);
    assertThat(match).as("match for %s %s%s", method, authority, path).isNotNull();
    return match.route().id();
  }

  private static Route route(String id, List<String> hosts, String prefix) {
    return route(id, hosts, prefix, List.of(), false);
  }

  private static Route route(String id, List<String> hosts, String prefix, List<String> methods, boolean strip) {
    return new Route(id, hosts, prefix, methods, BACKEND.id(), strip, Timeouts.DEFAULTS);
  }

  private static RouteTable table(Route... routes) {
    return RouteTable.compile(ConfigSnapshot.of(1, List.of(routes), List.of(BACKEND)),
      new Balancers(StickyKey.random()));
  }
}
