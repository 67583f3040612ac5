package dev.pharos.edge.proxy;

import dev.pharos.model.Target;
import io.vertx.core.http.HttpMethod;

/**
 * How one request ended, as the edge saw it. Immutable, so it may be handed to another thread.
 *
 * @param startMillis   when the request reached the pipeline, epoch milliseconds
 * @param requestId     the id sent back as {@code X-Request-Id}
 * @param client        the client's IP address
 * @param method        the method as the client sent it, possibly not a standard one; null when the request line
 *                      could not be read
 * @param host          the {@code Host} the client sent, or null without one
 * @param path          the path the client sent, without the query (which may carry secrets), or null when the
 *                      request line could not be read
 * @param status        the status sent, or {@value #CLIENT_CLOSED} when the connection closed before the response was
 *                      complete
 * @param bytesReceived request body bytes read from the client
 * @param bytesSent     response body bytes written to the client
 * @param totalNanos    from reaching the pipeline until the response ended or the connection closed
 * @param upstreamNanos from reaching the pipeline until the target's response head arrived or the exchange failed;
 *                      -1 when the request was not sent to a target
 * @param routeId       the route matched, or null when none did
 * @param target        the target chosen, or null when none was
 * @param retries       further attempts after the first, each to another target
 */
public record FinishedRequest(long startMillis, String requestId, String client, HttpMethod method, String host,
                              String path, int status, long bytesReceived, long bytesSent, long totalNanos,
                              long upstreamNanos, String routeId, Target target, int retries) {

  /** nginx's convention for a response the client did not wait for. */
  public static final int CLIENT_CLOSED = 499;
}
