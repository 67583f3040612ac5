package dev.pharos.edge.cache;

import io.netty.util.AsciiString;
import io.vertx.core.MultiMap;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A stored response's fields made ready to be written onto many client responses: grouped by name, names and values
 * as {@link AsciiString}s, which hash once and encode as a plain byte copy. {@code Content-Length} and
 * {@code Transfer-Encoding} are left out: the response serving the body frames it.
 */
public final class StoredHead {

  private static final Set<String> FRAMING = Set.of("content-length", "transfer-encoding");

  private final AsciiString[] names;
  private final List<List<CharSequence>> values;
  private final boolean hasDate;

  private StoredHead(Map<String, List<CharSequence>> fields, Map<String, String> spelling) {
    this.names = new AsciiString[fields.size()];
    this.values = new ArrayList<>(fields.size());
    int i = 0;
    for (Map.Entry<String, List<CharSequence>> field : fields.entrySet()) {
      names[i++] = AsciiString.cached(spelling.get(field.getKey()));
      values.add(List.copyOf(field.getValue()));
    }
    this.hasDate = fields.containsKey("date");
  }

  /** @param fields names and values, alternating; the names in {@code leaveOut} (lower case) are left out too */
  static StoredHead of(List<String> fields, Set<String> leaveOut) {
    Map<String, List<CharSequence>> grouped = new LinkedHashMap<>();
    // Each name as the origin first spelled it.
    Map<String, String> spelling = new HashMap<>();
    for (int i = 0; i < fields.size(); i += 2) {
      String name = fields.get(i).toLowerCase(Locale.ROOT);
      if (!FRAMING.contains(name) && !leaveOut.contains(name)) {
        spelling.putIfAbsent(name, fields.get(i));
        grouped.computeIfAbsent(name, n -> new ArrayList<>()).add(new AsciiString(fields.get(i + 1)));
      }
    }
    return new StoredHead(grouped, spelling);
  }

  /** For a head made per request (the fields of a 304 answer). */
  public static StoredHead of(MultiMap fields) {
    List<String> flat = new ArrayList<>(fields.size() * 2);
    fields.forEach(field -> {
      flat.add(field.getKey());
      flat.add(field.getValue());
    });
    return of(flat, Set.of());
  }

  /** Whether it holds a {@code Date}; a response served without one gets the current date. */
  public boolean hasDate() {
    return hasDate;
  }

  /** Adds every field to {@code target} but those it already has: what the stages set replaces the stored field. */
  public void addTo(MultiMap target) {
    for (int i = 0; i < names.length; i++) {
      if (!target.contains(names[i])) {
        target.add(names[i], values.get(i));
      }
    }
  }
}
