package dev.pharos.edge.upstream;

import dev.pharos.model.ClusterNames;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.ConcurrentMap;

/**
 * The HMAC-SHA256 key that signs sticky-session cookies. Every node of a cluster must hold the same key, so that a
 * cookie issued by one node is honoured by all: the first node to start creates it in the cluster's secrets map and
 * the others read it there, once, at start-up. It is only used when tables are compiled, never per request.
 *
 * <p>The key lives as long as the cluster: after a restart of every node a new key is created and cookies issued
 * before it are ignored, so their clients are balanced afresh and pinned again.
 */
public final class StickyKey {

  static final int LENGTH = 32;
  // 128 bits of the MAC: far beyond guessing, and a short cookie.
  private static final int TOKEN_BYTES = 16;
  private static final String ALGORITHM = "HmacSHA256";

  private final SecretKeySpec key;

  private StickyKey(byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("sticky-session key: " + bytes.length + " bytes (expected: " + LENGTH + ")");
    }
    this.key = new SecretKeySpec(bytes, ALGORITHM);
  }

  public static StickyKey of(byte[] bytes) {
    return new StickyKey(bytes.clone());
  }

  public static StickyKey random() {
    return new StickyKey(randomBytes());
  }

  /**
   * The cluster's key from {@code secrets} (the {@value ClusterNames#SECRETS_MAP} map), created there first if no
   * node has yet. Blocks on the map: call it from a worker thread.
   */
  public static StickyKey loadOrCreate(ConcurrentMap<String, byte[]> secrets) {
    byte[] fresh = randomBytes();
    byte[] existing = secrets.putIfAbsent(ClusterNames.STICKY_SESSION_KEY, fresh);
    return new StickyKey(existing == null ? fresh : existing);
  }

  /**
   * The cookie value that pins a client to {@code address} in {@code upstreamId}: a truncated MAC of both, in
   * base64url. It names the target without revealing its address, and binding the upstream keeps a cookie for one
   * upstream from choosing a target of another.
   */
  String token(String upstreamId, String address) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      byte[] digest = mac.doFinal((upstreamId + '\n' + address).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, TOKEN_BYTES));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
    }
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[LENGTH];
    new SecureRandom().nextBytes(bytes);
    return bytes;
  }
}
