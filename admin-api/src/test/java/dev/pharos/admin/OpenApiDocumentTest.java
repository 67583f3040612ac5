package dev.pharos.admin;

import dev.pharos.admin.testing.Reply;
import dev.pharos.model.ChangeOrigin;
import dev.pharos.model.CircuitBreaker;
import dev.pharos.model.ConfigChange;
import dev.pharos.model.ConfigSnapshot;
import dev.pharos.model.HistoryEntry;
import dev.pharos.model.Precondition;
import dev.pharos.model.HashOn;
import dev.pharos.model.HealthCheck;
import dev.pharos.model.OutlierDetection;
import dev.pharos.model.LoadBalancing;
import dev.pharos.model.MemberStatus;
import dev.pharos.model.RateLimit;
import dev.pharos.model.RateLimitRule;
import dev.pharos.model.Retries;
import dev.pharos.model.Route;
import dev.pharos.model.StickySession;
import dev.pharos.model.Target;
import dev.pharos.model.TargetEjection;
import dev.pharos.model.TargetStatus;
import dev.pharos.model.Timeouts;
import dev.pharos.model.Upstream;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI document is served, and says what the router and the model actually do. */
class OpenApiDocumentTest extends AdminApiTestBase {

  private static final Set<String> OPERATIONS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

  private String text;
  private Map<String, Object> document;

  @BeforeEach
  void readDocument() throws IOException {
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(AdminVerticle.OPENAPI_RESOURCE)) {
      assertThat(in).as(AdminVerticle.OPENAPI_RESOURCE).isNotNull();
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    document = new Yaml().load(text);
  }

  @Test
  void documentIsServedWithTheToken() {
    Reply reply = client.get("/api/v1/openapi.yaml");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("Content-Type")).isEqualTo("application/yaml");
    assertThat(reply.body().toString()).isEqualTo(text).startsWith("openapi: 3.0");
    assertProblem(client.withToken(null).get("/api/v1/openapi.yaml"), 401);
  }

  @Test
  void documentDescribesExactlyThePathsAndMethodsOfTheRouter() {
    Router router = AdminRouter.create(vertx, AdminConfig.of("127.0.0.1", 0, TOKEN), store, cluster,
      notReadyReason::get, () -> METRICS, healthView(), Buffer.buffer(), Buffer.buffer());
    Map<String, Set<String>> served = new TreeMap<>();
    for (io.vertx.ext.web.Route route : router.getRoutes()) {
      if (route.getPath() != null && route.methods() != null && !route.methods().isEmpty()) {
        String path = route.getPath().replaceAll(":(\\w+)", "{$1}");
        route.methods().forEach(m -> served.computeIfAbsent(path, p -> new TreeSet<>()).add(m.name()));
      }
    }

    Map<String, Set<String>> documented = new TreeMap<>();
    map(document.get("paths")).forEach((path, item) -> map(item).keySet().stream()
      .filter(OPERATIONS::contains)
      .forEach(op -> documented.computeIfAbsent(path, p -> new TreeSet<>()).add(op.toUpperCase())));

    assertThat(documented).isEqualTo(served);
    assertThat(served.keySet()).contains("/api/v1/routes", "/api/v1/routes/{id}", "/api/v1/upstreams",
      "/api/v1/upstreams/{id}", "/api/v1/config", "/api/v1/cluster", "/api/v1/health", "/api/v1/openapi.yaml",
      "/healthz", "/readyz",
      "/metrics");
    assertThat(served.get("/api/v1/routes/{id}")).containsExactly(HttpMethod.DELETE.name(), HttpMethod.GET.name(),
      HttpMethod.PUT.name());
  }

  @Test
  void schemasHaveExactlyTheFieldsOfTheModel() {
    Upstream upstream = Upstream.of("web", Target.of("10.0.0.1", 80))
      .withLoadBalancing(LoadBalancing.CONSISTENT_HASH, HashOn.IP)
      .withStickySession(StickySession.of("PHAROS_STICKY", 3600))
      .withHealthCheck(HealthCheck.of("/status", 1000))
      .withCircuitBreaker(new CircuitBreaker(100, 10))
      .withOutlierDetection(OutlierDetection.DEFAULTS);
    Route route = Route.of("site", "www.example.com", "/", "web").withMaxBodyBytes(1024)
      .withRetries(Retries.DEFAULTS)
      .withRateLimit(RateLimit.of(RateLimitRule.of(10, RateLimitRule.Period.SECOND).withName("per-ip")));

    assertThat(propertiesOf("Route")).isEqualTo(route.toJson().fieldNames());
    assertThat(propertiesOf("Timeouts")).isEqualTo(new Timeouts(1_000, 2_000, 3_000).toJson().fieldNames());
    assertThat(propertiesOf("Retries")).isEqualTo(Retries.DEFAULTS.toJson().fieldNames());
    assertThat(propertiesOf("RateLimit")).isEqualTo(route.rateLimit().toJson().fieldNames());
    assertThat(propertiesOf("RateLimitRule")).isEqualTo(route.rateLimit().limits().get(0).toJson().fieldNames());
    assertThat(propertiesOf("Upstream")).isEqualTo(upstream.toJson().fieldNames());
    assertThat(propertiesOf("StickySession")).isEqualTo(upstream.stickySession().toJson().fieldNames());
    assertThat(propertiesOf("CircuitBreaker")).isEqualTo(upstream.circuitBreaker().toJson().fieldNames());
    assertThat(propertiesOf("HealthCheck")).isEqualTo(upstream.healthCheck().toJson().fieldNames());
    assertThat(propertiesOf("OutlierDetection")).isEqualTo(upstream.outlierDetection().toJson().fieldNames());
    assertThat(propertiesOf("Target")).isEqualTo(Target.of("10.0.0.1", 80).toJson().fieldNames());
    assertThat(propertiesOf("Config"))
      .isEqualTo(ConfigSnapshot.of(1, List.of(route), List.of(upstream)).toJson().fieldNames());
    ConfigChange.PutUpstream change = new ConfigChange.PutUpstream(upstream);
    assertThat(propertiesOf("HistoryEntry")).isEqualTo(HistoryEntry.of(Instant.EPOCH, ChangeOrigin.rollback("admin", 1),
      change, ConfigSnapshot.EMPTY.apply(change, Precondition.NONE)).toSummaryJson().fieldNames());
    assertThat(propertiesOf("Member")).isEqualTo(
      new MemberStatus("id", "node", "127.0.0.1:5701", 1, true, 0).toJson().put("upToDate", true).fieldNames());
    assertThat(propertiesOf("Problem"))
      .containsAll(Problem.of(ProblemType.NOT_FOUND, "detail").toJson().fieldNames())
      .contains("version", "lagging");
  }

  @Test
  void healthSchemasHaveExactlyTheFieldsServed() {
    givenUpstream("web", "10.0.0.1:80", "10.0.0.2:80");
    targetHealth.set(Map.of("10.0.0.1:80",
      new TargetStatus("10.0.0.1:80", true, 1, 2, "200", "node-a", null)));
    ejections.set(Map.of("10.0.0.1:80", new TargetEjection("10.0.0.1:80", 1, 1, Long.MAX_VALUE, "5 answers 5xx in a row",
      "node-b")));

    JsonObject health = client.get("/api/v1/health").json();
    JsonObject upstream = health.getJsonArray("upstreams").getJsonObject(0);

    assertThat(propertiesOf("Health")).isEqualTo(health.fieldNames());
    assertThat(propertiesOf("RateLimitHealth")).isEqualTo(health.getJsonObject("rateLimits").fieldNames());
    assertThat(propertiesOf("UpstreamHealth")).isEqualTo(upstream.fieldNames());
    assertThat(propertiesOf("TargetHealth"))
      .isEqualTo(upstream.getJsonArray("targets").getJsonObject(0).fieldNames())
      .isEqualTo(upstream.getJsonArray("targets").getJsonObject(1).fieldNames());
    assertThat(propertiesOf("TargetEjection"))
      .isEqualTo(upstream.getJsonArray("targets").getJsonObject(0).getJsonObject("ejection").fieldNames());
  }

  @Test
  void documentNamesEveryProblemType() {
    for (ProblemType type : ProblemType.values()) {
      assertThat(text).as("problem type %s", type).contains(type.uri());
    }
  }

  @Test
  void everyReferenceResolves() {
    Matcher ref = Pattern.compile("\\$ref: \"#/components/(\\w+)/([\\w-]+)\"").matcher(text);
    int count = 0;
    while (ref.find()) {
      count++;
      assertThat(map(map(document.get("components")).get(ref.group(1))))
        .as("reference %s", ref.group()).containsKey(ref.group(2));
    }
    assertThat(count).isPositive();
  }

  private Set<String> propertiesOf(String schema) {
    Map<String, Object> schemas = map(map(document.get("components")).get("schemas"));
    return new JsonObject(map(map(schemas.get(schema)).get("properties"))).fieldNames();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object yaml) {
    assertThat(yaml).isInstanceOf(Map.class);
    return (Map<String, Object>) yaml;
  }
}
