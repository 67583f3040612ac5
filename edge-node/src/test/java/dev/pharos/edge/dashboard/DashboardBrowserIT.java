package dev.pharos.edge.dashboard;

import dev.pharos.edge.PharosNode;
import dev.pharos.edge.testing.EchoBackend;
import dev.pharos.edge.testing.Http;
import dev.pharos.edge.testing.NodeFixtures;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboard in Debian's headless Chromium, served by a member of a real three-member cluster: log in with the
 * token, see the members, create, edit and delete a route through the form (with the API's validation errors shown
 * next to the fields), see the route served by another member, and follow changes made elsewhere live.
 */
class DashboardBrowserIT {

  private static final String CLUSTER = "dashboard-browser-it";
  private static final int BASE_PORT = 6511;
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Path SCREENSHOTS = Path.of("target", "dashboard");

  @TempDir
  static Path dataDir;
  static Vertx backendVertx;
  static EchoBackend backend;
  static List<PharosNode> nodes;
  static Browser browser;
  static ChromeDriver driver;
  static String pageUrl;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(Browser.installed(), "the dashboard's browser test needs Debian's chromium and chromium-driver ("
      + Browser.CHROMIUM + ", " + Browser.CHROMEDRIVER + "); .ci/run installs them: apt-get install chromium"
      + " chromium-driver");
    backendVertx = Vertx.vertx();
    backend = EchoBackend.start(backendVertx, "echo-backend");
    nodes = NodeFixtures.startCluster(CLUSTER, BASE_PORT, 3, dataDir);
    assertThat(admin("PUT", "/api/v1/upstreams/echo?wait=applied", new JsonObject().put("targets",
      new JsonArray().add(new JsonObject().put("host", "127.0.0.1").put("port", backend.port())))).statusCode())
      .isEqualTo(201);
    browser = Browser.start(Files.createDirectories(Path.of("target", "chromium-profile")).toAbsolutePath());
    driver = browser.driver();
    pageUrl = "http://127.0.0.1:" + nodes.get(0).adminPort() + "/";
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (nodes != null) {
      NodeFixtures.stopAll(nodes);
    }
    if (backendVertx != null) {
      NodeFixtures.await(backendVertx.close());
    }
  }

  @BeforeEach
  void openPage() {
    driver.get(pageUrl);
  }

  @Test
  void refusesAWrongTokenThenShowsEveryMemberWithTheRightOne() {
    logOutIfLoggedIn();
    logIn("not-the-token");
    waitFor(ExpectedConditions.textToBe(By.id("login-error"), "the token was refused"));
    assertThat(driver.findElement(By.id("dashboard")).isDisplayed()).isFalse();
    assertThat(driver.getCurrentUrl()).doesNotContain("not-the-token");

    logIn(NodeFixtures.TOKEN);

    waitFor(d -> rows("#members tbody tr[data-member]").size() == 3);
    waitFor(d -> rows("#members tbody tr td.yes").size() >= 6); // up to date and ready, on every member
    List<String> members = waitFor(d -> attributes("#members tbody tr[data-member]", "data-member"));
    assertThat(members).containsExactly("node-1", "node-2", "node-3");
    assertThat(driver.getCurrentUrl()).doesNotContain(NodeFixtures.TOKEN);
    assertThat(text("#live")).isEqualTo("live");
    // The cache panel shows the cache's figures, or says plainly that this node has no cache.
    int cacheStats = admin("GET", "/api/v1/cache/stats", null).statusCode();
    waitFor(d -> !text("#cache-stats").contains("loading"));
    assertThat(text("#cache-stats")).contains(cacheStats == 404 ? "cache not available" : "hit ratio");
    browser.screenshot(SCREENSHOTS.resolve("members.png"));
  }

  @Test
  void createsARouteThroughTheFormShowingTheApisErrorsNextToTheFields() {
    logInIfNeeded();
    fill("#route-id", "shop");
    fill("#route-hosts", "shop.example, bad host");
    fill("#route-pathPrefix", "no-slash");
    new Select(driver.findElement(By.id("route-upstream"))).selectByValue("echo");
    driver.findElement(By.id("route-save")).click();

    waitFor(d -> !text(".field-error[data-field=pathPrefix]").isEmpty());
    assertThat(text(".field-error[data-field=pathPrefix]")).contains("expected: a path starting with '/'");
    assertThat(text(".field-error[data-field=hosts]")).contains("'bad host'");
    assertThat(driver.findElement(By.id("route-pathPrefix")).getAttribute("class")).contains("invalid");
    assertThat(admin("GET", "/api/v1/routes/shop", null).statusCode()).isEqualTo(404);
    browser.screenshot(SCREENSHOTS.resolve("validation-error.png"));

    fill("#route-hosts", "shop.example");
    fill("#route-pathPrefix", "/");
    driver.findElement(By.id("route-save")).click();

    waitFor(ExpectedConditions.textToBe(By.id("route-status"), "route shop created"));
    assertThat(text(".field-error[data-field=pathPrefix]")).isEmpty();
    waitFor(d -> !rows("#routes tbody tr[data-route=shop]").isEmpty());
    waitFor(d -> text("#history tbody").contains("put route shop"));
    // ?wait=applied: every member serves it once the form reports success. The page is on node-1; ask node-3.
    HttpResponse<String> served = Http.get(nodes.get(2).httpPort(), "shop.example", "/cart");
    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(served.body()).isEqualTo("echo-backend /cart");
    browser.screenshot(SCREENSHOTS.resolve("route-created.png"));
  }

  @Test
  void followsChangesMadeElsewhereLiveAndEditsAndDeletesARoute() {
    logInIfNeeded();
    waitFor(d -> rows("#members tbody tr[data-member]").size() == 3);

    // Through another member's API: the open page learns of it from its event stream, without a reload.
    assertThat(admin("PUT", "/api/v1/routes/temp?wait=applied", new JsonObject().put("pathPrefix", "/temp")
      .put("upstream", "echo")).statusCode()).isEqualTo(201);
    waitFor(d -> !rows("#routes tbody tr[data-route=temp]").isEmpty());

    click("#routes tbody tr[data-route=temp] button.edit");
    waitFor(d -> text("#route-form-title").equals("Edit route temp"));
    fill("#route-pathPrefix", "/temporary");
    driver.findElement(By.id("route-save")).click();
    waitFor(ExpectedConditions.textToBe(By.id("route-status"), "route temp saved"));
    assertThat(new JsonObject(admin("GET", "/api/v1/routes/temp", null).body()).getString("pathPrefix"))
      .isEqualTo("/temporary");

    click("#routes tbody tr[data-route=temp] button.delete");
    waitFor(ExpectedConditions.alertIsPresent()).accept();
    waitFor(ExpectedConditions.textToBe(By.id("route-status"), "route temp deleted"));
    waitFor(d -> rows("#routes tbody tr[data-route=temp]").isEmpty());
    assertThat(admin("GET", "/api/v1/routes/temp", null).statusCode()).isEqualTo(404);
  }

  @Test
  void purgesTheCacheAndShowsTheApisAnswer() {
    logInIfNeeded();
    new Select(driver.findElement(By.id("purge-by"))).selectByValue("prefix");
    fill("#purge-value", "/");
    driver.findElement(By.id("purge")).click();

    waitFor(d -> text("#purge-result").matches("(?s)\\d{3}: .*"));
    assertThat(text("#purge-result")).matches("(?s)2\\d\\d: .*");
    browser.screenshot(SCREENSHOTS.resolve("purged.png"));
  }

  private static HttpResponse<String> admin(String method, String path, JsonObject body) {
    return Http.admin(method, nodes.get(1).adminPort(), path, body);
  }

  private void logIn(String token) {
    fill("#token", token);
    driver.findElement(By.id("login")).click();
  }

  private void logInIfNeeded() {
    waitFor(d -> d.findElement(By.id("dashboard")).isDisplayed() || d.findElement(By.id("login-panel")).isDisplayed());
    if (driver.findElement(By.id("login-panel")).isDisplayed()) {
      logIn(NodeFixtures.TOKEN);
    }
    waitFor(d -> d.findElement(By.id("dashboard")).isDisplayed());
  }

  private void logOutIfLoggedIn() {
    logInIfNeeded();
    driver.findElement(By.id("logout")).click();
    waitFor(d -> d.findElement(By.id("login-panel")).isDisplayed());
  }

  private void fill(String selector, String value) {
    WebElement input = driver.findElement(By.cssSelector(selector));
    input.clear();
    input.sendKeys(value);
  }

  private String text(String selector) {
    return driver.findElement(By.cssSelector(selector)).getText();
  }

  private List<WebElement> rows(String selector) {
    return driver.findElements(By.cssSelector(selector));
  }

  /** The attribute of every matching element, read in one pass: the live tables are redrawn as events arrive. */
  private List<String> attributes(String selector, String attribute) {
    return rows(selector).stream().map(element -> element.getAttribute(attribute)).toList();
  }

  private void click(String selector) {
    waitFor(d -> {
      d.findElement(By.cssSelector(selector)).click();
      return true;
    });
  }

  /** Waits for the condition, trying again when the page redrew an element between finding it and reading it. */
  private <T> T waitFor(java.util.function.Function<? super WebDriver, T> condition) {
    return new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class).until(condition);
  }
}
