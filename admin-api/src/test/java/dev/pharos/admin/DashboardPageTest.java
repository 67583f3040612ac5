package dev.pharos.admin;

import dev.pharos.admin.testing.AdminClient;
import dev.pharos.admin.testing.Reply;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard's static files: served without a token, self-contained, and no way around the API's token. */
class DashboardPageTest extends AdminApiTestBase {

  private static final List<String> SCRIPTS = List.of("app.js", "api.js", "dom.js", "routes.js");

  @Test
  void pageAndAssetsAreServedWithoutATokenAndLockedToThisOrigin() {
    AdminClient anonymous = client.withToken(null);

    Reply page = anonymous.get("/");

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
    assertThat(page.header("Content-Security-Policy")).contains("default-src 'none'", "script-src 'self'",
      "connect-src 'self'", "frame-ancestors 'none'");
    assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
    Matcher asset = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(page.body().toString());
    int assets = 0;
    while (asset.find()) {
      assets++;
      assertThat(asset.group(1)).as("asset of the page").startsWith(DashboardPage.ASSETS);
      Reply file = anonymous.get(asset.group(1));
      assertThat(file.status()).as(asset.group(1)).isEqualTo(200);
      assertThat(file.header("Content-Security-Policy")).isEqualTo(page.header("Content-Security-Policy"));
    }
    assertThat(assets).isEqualTo(2);
    for (String script : SCRIPTS) {
      Reply file = anonymous.get(DashboardPage.ASSETS + script);
      assertThat(file.status()).as(script).isEqualTo(200);
      assertThat(file.header("Content-Type")).as(script).startsWith("text/javascript");
      assertThat(file.body().toString()).as(script).doesNotContain("http://", "https://", "innerHTML");
    }
  }

  @Test
  void theTokenTravelsOnlyInTheAuthorizationHeader() {
    String api = client.withToken(null).get(DashboardPage.ASSETS + "api.js").body().toString();

    assertThat(api).contains("Authorization: `Bearer ${token.get()}`", "sessionStorage");
    assertThat(api).doesNotContain("localStorage", "EventSource(", "?token", "&token");
  }

  @Test
  void assetsOutsideTheDashboardFolderAndUnknownFilesAreNotServed() {
    AdminClient anonymous = client.withToken(null);

    assertThat(anonymous.get(DashboardPage.ASSETS + "nothing.js").status()).isEqualTo(404);
    assertThat(anonymous.get(DashboardPage.ASSETS + "../openapi.yaml").status()).isIn(400, 404);
    assertThat(anonymous.get(DashboardPage.ASSETS + "%2e%2e/openapi.yaml").status()).isIn(400, 404);
    assertProblem(anonymous.get("/api/v1/routes"), 401);
  }
}
