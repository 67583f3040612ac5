package dev.pharos.edge;

import dev.pharos.edge.config.NodeSettings;
import dev.pharos.edge.config.SettingsLoader;
import dev.pharos.edge.drain.DrainOnSignal;
import io.vertx.core.Vertx;

/**
 * {@code java -jar pharos-edge.jar [--config FILE.yaml]}: reads the settings, starts the node, and drains it on
 * SIGTERM or SIGINT (see {@link DrainOnSignal} for the exit status).
 */
public final class Main {

  private Main() {
  }

  public static void main(String[] args) {
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tL%1$tz %4$-7s [%3$s] %5$s%6$s%n");
    }
    String configFile = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        configFile = args[++i];
      } else if (args[i].startsWith("--config=")) {
        configFile = args[i].substring("--config=".length());
      } else {
        System.err.println("usage: java -jar pharos-edge.jar [--config FILE.yaml]");
        System.exit(2);
      }
    }

    NodeSettings settings;
    // vertx-config needs a Vert.x instance; the node builds its own clustered one, so this one only reads settings.
    Vertx bootstrap = Vertx.vertx();
    try {
      settings = SettingsLoader.load(bootstrap, configFile).toCompletionStage().toCompletableFuture().join();
    } catch (RuntimeException e) {
      exitCannotStart(e);
      return;
    } finally {
      bootstrap.close();
    }
    PharosNode node;
    try {
      node = PharosNode.start(settings).toCompletionStage().toCompletableFuture().join();
    } catch (RuntimeException e) {
      exitCannotStart(e);
      return;
    }

    // Vert.x threads keep the JVM alive until a signal drains the node and exits.
    DrainOnSignal.install(node::drain);
  }

  private static void exitCannotStart(RuntimeException e) {
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    System.err.println("pharos: cannot start: " + cause.getMessage());
    System.exit(1);
  }
}
