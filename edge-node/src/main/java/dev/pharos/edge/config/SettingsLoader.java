package dev.pharos.edge.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the node's settings with vertx-config: the YAML file given by {@code --config} or {@code PHAROS_CONFIG}, then
 * the environment, then system properties, each overriding the one before.
 */
public final class SettingsLoader {

  public static final String CONFIG_FILE_ENV = "PHAROS_CONFIG";

  private SettingsLoader() {
  }

  /**
   * @param configFile the YAML file, or null to use {@code PHAROS_CONFIG} if set
   * @return fails with {@link IllegalArgumentException} when a setting is invalid or the file cannot be read
   */
  public static Future<NodeSettings> load(Vertx vertx, String configFile) {
    String file = configFile != null ? configFile : System.getenv(CONFIG_FILE_ENV);
    if (file != null && !Files.isReadable(Path.of(file))) {
      return Future.failedFuture(new IllegalArgumentException("config file " + file + " cannot be read"));
    }
    ConfigRetrieverOptions options = new ConfigRetrieverOptions().setIncludeDefaultStores(false);
    options.addStore(new ConfigStoreOptions().setType("env").setConfig(new JsonObject().put("raw-data", true)));
    options.addStore(new ConfigStoreOptions().setType("sys").setConfig(new JsonObject().put("raw-data", true)));
    ConfigRetriever sources = ConfigRetriever.create(vertx, options);
    Future<JsonObject> yaml = file == null ? Future.succeededFuture(new JsonObject()) : readYaml(vertx, file);
    return yaml.compose(fileJson -> sources.getConfig().map(flat -> {
      sources.close();
      Map<String, String> env = new HashMap<>();
      Map<String, String> system = new HashMap<>();
      flat.forEach(e -> {
        String value = String.valueOf(e.getValue());
        if (e.getKey().startsWith("PHAROS_")) {
          env.put(e.getKey(), value);
        } else if (e.getKey().startsWith("pharos.")) {
          system.put(e.getKey(), value);
        }
      });
      return new SettingsResolver(fileJson, env, system).resolve();
    }));
  }

  private static Future<JsonObject> readYaml(Vertx vertx, String file) {
    ConfigRetriever retriever = ConfigRetriever.create(vertx, new ConfigRetrieverOptions().setIncludeDefaultStores(false)
      .addStore(new ConfigStoreOptions().setType("file").setFormat("yaml")
        .setConfig(new JsonObject().put("path", file))));
    return retriever.getConfig()
      .andThen(ar -> retriever.close())
      .recover(e -> Future.failedFuture(new IllegalArgumentException("config file " + file + ": " + e.getMessage(), e)));
  }
}
