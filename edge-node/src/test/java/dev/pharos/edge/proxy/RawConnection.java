package dev.pharos.edge.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A plain blocking loopback connection for keep-alive exchanges of raw bytes, and for watching the peer close it. Call
 * from the test thread.
 */
final class RawConnection implements AutoCloseable {

  private final Socket socket;
  private final InputStream in;

  RawConnection(int port) {
    try {
      socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout(10_000);
      in = socket.getInputStream();
    } catch (IOException e) {
      throw new AssertionError("connecting to port " + port + " failed: " + e, e);
    }
  }

  RawConnection send(String bytes) {
    try {
      socket.getOutputStream().write(bytes.getBytes(StandardCharsets.ISO_8859_1));
      return this;
    } catch (IOException e) {
      throw new AssertionError("sending failed: " + e, e);
    }
  }

  /** One response with a {@code Content-Length} body, head and body as received. */
  String readResponse() {
    try {
      String text = readHead();
      int length = 0;
      for (String line : text.split("\r\n")) {
        if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
          length = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
        }
      }
      return text + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new AssertionError("reading failed: " + e, e);
    }
  }

  /** A response head, up to and including the empty line that ends it. */
  String readHead() {
    try {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          throw new AssertionError("closed after " + head.toString(StandardCharsets.ISO_8859_1));
        }
        head.write(b);
      }
      return head.toString(StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new AssertionError("reading failed: " + e, e);
    }
  }

  /** Whether the peer closes the connection within the socket's read timeout; what it sends until then is dropped. */
  boolean closedByPeer() {
    try {
      while (in.read() >= 0) {
        // Not the end yet.
      }
      return true;
    } catch (SocketException e) {
      return true;
    } catch (IOException e) {
      throw new AssertionError("waiting for close failed: " + e, e);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
