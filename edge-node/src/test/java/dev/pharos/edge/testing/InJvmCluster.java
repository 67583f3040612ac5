package dev.pharos.edge.testing;

import dev.pharos.edge.PharosNode;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A cluster of real edge nodes in this JVM ({@link NodeFixtures#startCluster}) for one test class, with a data
 * directory of its own and a Vert.x for the backends the class starts. Registered on a static field, it starts before
 * the class's {@code @BeforeAll} methods run and stops after its {@code @AfterAll} methods:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final InJvmCluster cluster = new InJvmCluster("my-it", 5900, 3);
 * }</pre>
 */
public final class InJvmCluster implements BeforeAllCallback, AfterAllCallback {

  private final String clusterName;
  private final int basePort;
  private final int size;
  private final Map<String, String> extra;
  private Path dataDir;
  private Vertx backendVertx;
  private List<PharosNode> nodes;

  public InJvmCluster(String clusterName, int basePort, int size) {
    this(clusterName, basePort, size, Map.of());
  }

  /** @param extra settings (environment variable names) given to every member */
  public InJvmCluster(String clusterName, int basePort, int size, Map<String, String> extra) {
    this.clusterName = clusterName;
    this.basePort = basePort;
    this.size = size;
    this.extra = extra;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    dataDir = Files.createTempDirectory(clusterName);
    backendVertx = Vertx.vertx();
    nodes = new ArrayList<>(NodeFixtures.startCluster(clusterName, basePort, size, dataDir, extra));
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (nodes != null) {
      NodeFixtures.stopAll(nodes);
    }
    if (backendVertx != null) {
      backendVertx.close();
    }
    if (dataDir != null) {
      try (Stream<Path> files = Files.walk(dataDir)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(file);
        }
      }
    }
  }

  /** The running members, first those started together in order; a test that stops or adds one updates the list. */
  public List<PharosNode> nodes() {
    return nodes;
  }

  public PharosNode node(int index) {
    return nodes.get(index);
  }

  public Vertx backendVertx() {
    return backendVertx;
  }

  public Path dataDir() {
    return dataDir;
  }
}
