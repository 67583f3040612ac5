package dev.pharos.loadtest.gen;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The mix of requests to send, each picked at random by weight. A scenario file is JSON:
 *
 * <pre>{"requests": [
 *   {"weight": 9, "path": "/", "host": "a.example"},
 *   {"weight": 1, "method": "POST", "path": "/upload", "host": "b.example", "bodyBytes": 65536}]}</pre>
 *
 * <p>Every field but {@code weight} is optional: the method defaults to GET, the path to the target URL's, the host to
 * the {@code Host} header given on the command line, and the body to none.
 */
public final class Scenario {

  /** One kind of request; {@code path} and {@code host} are null when the target and headers decide. */
  public record Entry(int weight, HttpMethod method, String path, String host, Buffer body) {

    public Entry {
      if (weight < 1) {
        throw new IllegalArgumentException("weight must be at least 1");
      }
    }
  }

  /** GETs of each target URL as given. */
  public static final Scenario PLAIN_GET = new Scenario(List.of(new Entry(1, HttpMethod.GET, null, null, null)));

  private final List<Entry> entries;
  private final int[] cumulativeWeights;

  public Scenario(List<Entry> entries) {
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("a scenario needs at least one request");
    }
    this.entries = List.copyOf(entries);
    this.cumulativeWeights = new int[entries.size()];
    int sum = 0;
    for (int i = 0; i < entries.size(); i++) {
      sum += entries.get(i).weight();
      cumulativeWeights[i] = sum;
    }
  }

  public static Scenario load(Path file) throws IOException {
    return parse(new JsonObject(Files.readString(file)));
  }

  static Scenario parse(JsonObject json) {
    JsonArray requests = json.getJsonArray("requests");
    if (requests == null) {
      throw new IllegalArgumentException("a scenario file needs a \"requests\" array");
    }
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      JsonObject r = requests.getJsonObject(i);
      int bodyBytes = r.getInteger("bodyBytes", 0);
      entries.add(new Entry(r.getInteger("weight", 1), HttpMethod.valueOf(r.getString("method", "GET")),
          r.getString("path"), r.getString("host"), bodyBytes > 0 ? Buffer.buffer(new byte[bodyBytes]) : null));
    }
    return new Scenario(entries);
  }

  Entry pick() {
    if (entries.size() == 1) {
      return entries.get(0);
    }
    int ticket = ThreadLocalRandom.current().nextInt(cumulativeWeights[cumulativeWeights.length - 1]);
    int i = 0;
    while (cumulativeWeights[i] <= ticket) {
      i++;
    }
    return entries.get(i);
  }
}
