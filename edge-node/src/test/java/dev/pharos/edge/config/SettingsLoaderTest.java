package dev.pharos.edge.config;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsLoaderTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void readsSettingsAndSeedRoutesFromAYamlFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("pharos.yaml");
    Files.writeString(file, """
      node:
        name: edge-yaml
      http:
        port: 18080
      cluster:
        members: ["127.0.0.1:5701", "127.0.0.1:5702"]
      upstreams:
        - id: web
          targets: [{host: 127.0.0.1, port: 8001}]
      routes:
        - id: web
          hosts: [web.example]
          upstream: web
      """);

    NodeSettings settings = SettingsLoader.load(vertx, file.toString()).await();

    assertThat(settings.nodeName()).isEqualTo("edge-yaml");
    assertThat(settings.httpPort()).isEqualTo(18080);
    assertThat(settings.clusterMembers()).containsExactly("127.0.0.1:5701", "127.0.0.1:5702");
    assertThat(settings.seed().getJsonArray("routes").getJsonObject(0).getString("upstream")).isEqualTo("web");
  }

  @Test
  void aMissingFileIsNamedInTheError(@TempDir Path dir) {
    String missing = dir.resolve("nope.yaml").toString();

    assertThatThrownBy(() -> SettingsLoader.load(vertx, missing).await())
      .hasMessageContaining(missing);
  }

  @Test
  void aFileThatIsNotYamlIsRefused(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("broken.yaml");
    Files.writeString(file, "http: [port: 80\n");

    assertThatThrownBy(() -> SettingsLoader.load(vertx, file.toString()).await())
      .hasMessageContaining(file.toString());
  }
}
