package dev.pharos.edge.cache;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes a {@link CachedEntry} is kept as in the cluster map: a version byte, then each variant's fields and body.
 * Decoding copies no body: each variant's body is a range of the array decoded.
 */
final class EntryCodec {

  private static final byte VERSION = 1;

  private EntryCodec() {
  }

  static byte[] encode(List<StoredResponse> variants) {
    int size = 64;
    for (StoredResponse v : variants) {
      size += v.bodyLength() + 256 + 64 * v.headers().size();
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(size);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeInt(variants.size());
      for (StoredResponse v : variants) {
        writeString(out, v.routeId());
        out.writeInt(v.status());
        writeStrings(out, v.headers());
        writeStrings(out, v.tags());
        writeStrings(out, v.varyNames());
        writeString(out, v.secondaryKey());
        out.writeLong(v.requestTime());
        out.writeLong(v.responseTime());
        out.writeLong(v.initialAgeMs());
        out.writeLong(v.lifetimeMs());
        out.writeLong(v.keepUntil());
        out.writeInt(v.bodyLength());
        out.write(v.data(), v.bodyOffset(), v.bodyLength());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** @throws IllegalArgumentException when the bytes are not an entry of this version */
  static CachedEntry decode(byte[] data) {
    try {
      ByteBuffer in = ByteBuffer.wrap(data);
      if (in.get() != VERSION) {
        throw new IllegalArgumentException("unknown cache entry version");
      }
      int count = in.getInt();
      List<StoredResponse> variants = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        String routeId = readString(in);
        int status = in.getInt();
        List<String> headers = readStrings(in);
        List<String> tags = readStrings(in);
        List<String> vary = readStrings(in);
        String secondaryKey = readString(in);
        long requestTime = in.getLong();
        long responseTime = in.getLong();
        long initialAge = in.getLong();
        long lifetime = in.getLong();
        long keepUntil = in.getLong();
        int bodyLength = in.getInt();
        int bodyOffset = in.position();
        in.position(bodyOffset + bodyLength);
        variants.add(new StoredResponse(routeId, status, headers, tags, vary, secondaryKey, requestTime,
          responseTime, initialAge, lifetime, keepUntil, data, bodyOffset, bodyLength));
      }
      return CachedEntry.of(variants);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("malformed cache entry", e);
    }
  }

  /** The route id of the entry's first variant, read without decoding the rest. */
  static String routeId(byte[] data) {
    ByteBuffer in = ByteBuffer.wrap(data);
    in.get();
    return in.getInt() == 0 ? null : readString(in);
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  private static void writeStrings(DataOutputStream out, List<String> strings) throws IOException {
    out.writeInt(strings.size());
    for (String s : strings) {
      writeString(out, s);
    }
  }

  private static String readString(ByteBuffer in) {
    int length = in.getInt();
    String s = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
    in.position(in.position() + length);
    return s;
  }

  private static List<String> readStrings(ByteBuffer in) {
    int count = in.getInt();
    List<String> strings = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      strings.add(readString(in));
    }
    return strings;
  }
}
