package dev.pharos.edge.drain;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP/1.1 over plain loopback sockets, for what a client library hides: whether the server closes a keep-alive
 * connection, the {@code Connection} header, and whether a port still accepts connections. Call from a test thread.
 */
final class RawHttp {

  private static final int CONNECT_TIMEOUT_MS = 2000;

  private RawHttp() {
  }

  /** A response: its status, its headers by lower-case name, and its body. */
  record Response(int status, Map<String, String> headers, String body) {

    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /** Whether something accepts connections on the loopback port. */
  static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), CONNECT_TIMEOUT_MS);
      return true;
    } catch (ConnectException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Sends a keep-alive GET and reads until the server closes the connection, as a server must after answering with
   * {@code Connection: close}. Fails when the connection is still open after {@code timeout}.
   */
  static Response getUntilClosed(int port, String path, Duration timeout) {
    try (Socket socket = connect(port)) {
      socket.setSoTimeout((int) timeout.toMillis());
      send(socket, path);
      return parse(socket.getInputStream().readAllBytes());
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server kept the connection open for " + timeout.toMillis() + " ms", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A keep-alive connection that has exchanged one request and now sits idle. */
  static final class IdleConnection implements AutoCloseable {

    private final Socket socket;
    private final Response first;

    private IdleConnection(Socket socket, Response first) {
      this.socket = socket;
      this.first = first;
    }

    static IdleConnection open(int port, String path) {
      try {
        Socket socket = connect(port);
        socket.setSoTimeout(5000);
        send(socket, path);
        return new IdleConnection(socket, readOneResponse(socket.getInputStream()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    Response first() {
      return first;
    }

    /** Whether the server has closed the connection; waits at most a moment for its close to arrive. */
    boolean closedByServer() {
      try {
        socket.setSoTimeout(50);
        return socket.getInputStream().read() == -1;
      } catch (SocketTimeoutException e) {
        return false;
      } catch (IOException e) {
        return true;
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  private static Socket connect(int port) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), CONNECT_TIMEOUT_MS);
    return socket;
  }

  private static void send(Socket socket, String path) throws IOException {
    String request = "GET " + path + " HTTP/1.1\r\nHost: any.example\r\n\r\n";
    socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
  }

  // Reads the head, then exactly Content-Length bytes, leaving the connection usable.
  private static Response readOneResponse(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b == -1) {
        throw new IOException("connection closed in the response head: " + head);
      }
      head.write(b);
    }
    Response response = parse(head.toByteArray());
    int length = Integer.parseInt(response.header("content-length"));
    return new Response(response.status(), response.headers(),
      new String(in.readNBytes(length), StandardCharsets.UTF_8));
  }

  private static Response parse(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    int headEnd = text.indexOf("\r\n\r\n");
    if (headEnd < 0) {
      throw new AssertionError("no complete response: '" + text + "'");
    }
    String[] lines = text.substring(0, headEnd).split("\r\n");
    Map<String, String> headers = new TreeMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
    }
    return new Response(Integer.parseInt(lines[0].split(" ")[1]), headers, text.substring(headEnd + 4));
  }
}
