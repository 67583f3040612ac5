package dev.pharos.edge.accesslog;

import dev.pharos.edge.proxy.EdgeObserver;
import dev.pharos.edge.proxy.FinishedRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Writes one line per request to a sink, from a thread of its own.
 *
 * <pre>
 *   event loops ──offer──► bounded queue ──► writer thread ──► sink (stdout, rotating file)
 *                  │ full
 *                  └──► dropped, counted in pharos_access_log_dropped_total
 * </pre>
 *
 * An event loop never waits: when the queue is full, because the sink is slower than the traffic or blocked, the
 * request's line is dropped. Lines are formatted on the writer thread too.
 */
public final class AccessLog implements EdgeObserver {

  static final String DROPPED = "pharos.access.log.dropped";

  private static final Logger LOG = System.getLogger(AccessLog.class.getName());
  private static final int BATCH = 256;

  private final String node;
  private final OutputStream sink;
  private final BlockingQueue<FinishedRequest> queue;
  private final Counter dropped;
  private final Thread writer;
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();

  /**
   * Starts the writer thread.
   *
   * @param node          the node name every line carries
   * @param sink          where lines go, one {@code write} call per line; closed with the log
   * @param queueCapacity lines that may wait for the writer, >= 1
   */
  public AccessLog(String node, OutputStream sink, int queueCapacity, MeterRegistry registry) {
    this.node = node;
    this.sink = sink;
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.dropped = Counter.builder(DROPPED)
      .description("Access log lines dropped because the writer could not keep up, or the sink failed")
      .register(registry);
    this.writer = new Thread(this::writeUntilClosed, "pharos-access-log");
    // A sink blocked for good must not keep the JVM from exiting.
    writer.setDaemon(true);
    writer.start();
  }

  /** Queues the request's line, or drops it when the queue is full. Never blocks. */
  @Override
  public void requestEnded(FinishedRequest request) {
    if (!queue.offer(request)) {
      dropped.increment();
    }
  }

  /**
   * Tells the writer to write the lines still queued, close the sink and end. Does not wait.
   *
   * @return completes when the sink is closed; never, while the sink stays blocked
   */
  public CompletionStage<Void> stop() {
    writer.interrupt();
    return stopped;
  }

  private void writeUntilClosed() {
    List<FinishedRequest> batch = new ArrayList<>(BATCH);
    try {
      while (true) {
        batch.add(queue.take());
        queue.drainTo(batch, BATCH - 1);
        write(batch);
      }
    } catch (InterruptedException closing) {
      while (queue.drainTo(batch, BATCH) > 0) {
        write(batch);
      }
    } finally {
      try {
        sink.close();
      } catch (IOException e) {
        LOG.log(Level.WARNING, "closing the access log: " + e);
      }
      stopped.complete(null);
    }
  }

  /** Writes and clears the batch; flushes once the queue is empty, so a quiet log is never left in a buffer. */
  private void write(List<FinishedRequest> batch) {
    int written = 0;
    try {
      for (FinishedRequest request : batch) {
        sink.write(AccessLogLine.format(node, request));
        written++;
      }
      if (queue.isEmpty()) {
        sink.flush();
      }
    } catch (IOException e) {
      dropped.increment(batch.size() - written);
      LOG.log(Level.WARNING, "access log: " + (batch.size() - written) + " lines lost: " + e);
    }
    batch.clear();
  }
}
