package dev.pharos.edge.proxy;

import io.vertx.core.MultiMap;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 response as raw bytes arrived, split into status, headers and body; a chunked body is de-chunked, so
 * that the body is the bytes the response carried (compressed ones included, read as ISO-8859-1).
 */
record RawResponse(int status, MultiMap headers, byte[] body, boolean chunked) {

  static RawResponse parse(String raw) {
    int headEnd = raw.indexOf("\r\n\r\n");
    if (headEnd < 0) {
      throw new AssertionError("no complete response head in: " + raw);
    }
    String[] lines = raw.substring(0, headEnd).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.add(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim());
    }
    String rest = raw.substring(headEnd + 4);
    boolean chunked = "chunked".equalsIgnoreCase(headers.get("transfer-encoding"));
    return new RawResponse(status, headers, chunked ? dechunk(rest) : rest.getBytes(StandardCharsets.ISO_8859_1),
      chunked);
  }

  private static byte[] dechunk(String chunked) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    int at = 0;
    while (at < chunked.length()) {
      int lineEnd = chunked.indexOf("\r\n", at);
      int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
      if (size == 0) {
        return body.toByteArray();
      }
      body.writeBytes(chunked.substring(lineEnd + 2, lineEnd + 2 + size).getBytes(StandardCharsets.ISO_8859_1));
      at = lineEnd + 2 + size + 2;
    }
    return body.toByteArray();
  }

  String header(String name) {
    return headers.get(name);
  }
}
