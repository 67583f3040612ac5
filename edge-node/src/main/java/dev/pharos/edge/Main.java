package dev.pharos.edge;

import dev.pharos.edge.config.SettingsLoader;
import io.vertx.core.Vertx;

import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * {@code java -jar pharos-edge.jar [--config FILE.yaml]}: reads the settings, starts the node, and stops it on
 * SIGTERM or SIGINT.
 */
public final class Main {

  private Main() {
  }

  public static void main(String[] args) {
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tLZ %4$-7s [%3$s] %5$s%6$s%n");
    }
    Logger log = Logger.getLogger(Main.class.getName());
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

    Vertx bootstrap = Vertx.vertx();
    PharosNode node;
    try {
      node = SettingsLoader.load(bootstrap, configFile)
        .compose(PharosNode::start)
        .toCompletionStage().toCompletableFuture().join();
    } catch (RuntimeException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      System.err.println("pharos: cannot start: " + cause.getMessage());
      System.exit(1);
      return;
    } finally {
      bootstrap.close();
    }

    // Vert.x threads keep the JVM alive; the hook runs on SIGTERM and SIGINT.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("stopping: leaving the cluster");
      try {
        node.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        log.warning("stop did not finish cleanly: " + e);
      }
    }, "pharos-shutdown"));
  }
}
