package dev.pharos.deploy.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The load generator (pharos-load) in a container on the cluster network, sending to {@code http://edge:8080/} and
 * re-resolving {@code edge} as a client following DNS round-robin does. Its {@code --at} marks appear in the
 * container's log, so the test can act (kill, stop) at a known offset into the measured period.
 */
public final class LoadClient implements AutoCloseable {

  private static final String RESULT_MARKER = "pharos-test: result follows";

  private final GenericContainer<?> container;
  private final CompletableFuture<Void> marked;

  private LoadClient(GenericContainer<?> container, CompletableFuture<Void> marked) {
    this.container = container;
    this.marked = marked;
  }

  /**
   * @param args   pharos-load options, each one argument (no shell quoting needed)
   * @param marker a line a {@code --at} command echoes; {@link #awaitMarker} waits for it
   */
  public static LoadClient start(Network network, List<String> args, String marker) {
    String command = "java -Xmx192m -XX:TieredStopAtLevel=1 -jar /opt/pharos-load.jar "
      + args.stream().map(LoadClient::quote).collect(Collectors.joining(" "))
      + " --json /tmp/result.json; echo '" + RESULT_MARKER + "'; cat /tmp/result.json";
    CompletableFuture<Void> marked = new CompletableFuture<>();
    GenericContainer<?> container = new GenericContainer<>(Images.client())
      .withNetwork(network)
      .withCreateContainerCmdModifier(cmd -> cmd.withEntrypoint("bash", "-c", command).withCmd(List.of()))
      .withLogConsumer(frame -> {
        if (frame.getUtf8String().contains(marker)) {
          marked.complete(null);
        }
      });
    LoadClient client = new LoadClient(container, marked);
    container.start();
    return client;
  }

  public void awaitMarker(Duration atMost) throws Exception {
    marked.get(atMost.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Waits for the run to end and returns pharos-load's JSON result. */
  public Result awaitResult(Duration atMost) {
    Integer status = DockerClientFactory.instance().client().waitContainerCmd(container.getContainerId()).start()
      .awaitStatusCode(atMost.toMillis(), TimeUnit.MILLISECONDS);
    String logs = container.getLogs();
    int at = logs.indexOf(RESULT_MARKER);
    if (status == null || status != 0 || at < 0 || logs.indexOf('{', at) < 0) {
      throw new AssertionError("pharos-load did not finish (exit " + status + "):\n" + logs);
    }
    System.out.println(logs.substring(0, at).strip());
    return new Result(new JsonObject(logs.substring(logs.indexOf('{', at))));
  }

  /** The IPv4 addresses {@code name} resolves to inside the client's container, as the generator sees them. */
  public Set<String> resolve(String name) throws Exception {
    String out = container.execInContainer("getent", "ahostsv4", name).getStdout();
    return out.lines().map(line -> line.split("\\s+")[0]).filter(a -> !a.isEmpty()).collect(Collectors.toSet());
  }

  @Override
  public void close() {
    container.stop();
  }

  private static String quote(String arg) {
    return "'" + arg.replace("'", "'\\''") + "'";
  }

  /** pharos-load's result: see loadtest/README.md for the fields. */
  public record Result(JsonObject json) {

    public long requests() {
      return json.getLong("requests");
    }

    public long errors() {
      return json.getJsonObject("errors").stream().mapToLong(e -> ((Number) e.getValue()).longValue()).sum();
    }

    public JsonObject errorsByKind() {
      return json.getJsonObject("errors");
    }

    /** Seconds of the measured period (by completion time) that had errors. */
    public List<Integer> secondsWithErrors() {
      JsonArray series = json.getJsonArray("perSecond");
      return series.stream().map(JsonObject.class::cast).filter(s -> s.getLong("errors") > 0)
        .map(s -> s.getInteger("second")).toList();
    }

    /** When the first {@code --at} command ran, in seconds into the measured period. */
    public double firstEventAt() {
      return json.getJsonArray("events").getJsonObject(0).getDouble("at");
    }

    public double p99Millis() {
      return json.getJsonObject("latencyMillis").getDouble("p99");
    }
  }
}
