package dev.pharos.model;

import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Strong entity tags for config resources. A tag is a hash of the resource's JSON form, so it is the same on every
 * node and across restarts, and it changes exactly when the resource does.
 */
public final class ETags {

  private ETags() {
  }

  public static String of(JsonObject json) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.encode().getBytes(StandardCharsets.UTF_8));
      return '"' + HexFormat.of().formatHex(digest, 0, 10) + '"';
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  /** The tag of a whole config snapshot: its version. */
  public static String ofVersion(long version) {
    return "\"v" + version + '"';
  }

  /**
   * Whether an {@code If-Match} header value matches the current tag (strong comparison, RFC 9110 §13.1.1).
   * {@code current} is null when the resource does not exist; {@code *} matches any existing resource.
   */
  public static boolean ifMatch(String header, String current) {
    if (current == null) {
      return false;
    }
    for (String candidate : header.split(",")) {
      String tag = candidate.trim();
      if (tag.equals("*") || tag.equals(current)) {
        return true;
      }
    }
    return false;
  }
}
