package dev.pharos.edge.drain;

import io.vertx.core.Future;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

/**
 * Takes a node out of service without failing the requests it has accepted. Each step starts when the one before it
 * has finished or its time is up:
 *
 * <pre>
 *   start ─► announce        /readyz 503, not ready in the cluster, Connection: close on each response
 *            grace           keep serving while DNS and load balancers stop sending here
 *            stopAccepting   close the listener, idle connections and WebSockets (1001); requests in flight finish
 *            leave           leave the cluster gracefully; its partitions migrate
 *   │◄─────────────────────────────── timeout ───────────────────────────────►│
 *   │◄──── requests in flight are cut here ────►│◄──── LEAVE_ALLOWANCE ──────►│
 * </pre>
 *
 * A drain that reaches its timeout has still left the cluster's data safe: every config entry has a synchronous backup
 * on another member, so the cluster loses nothing when a member goes without migrating its partitions.
 */
public final class DrainSequence {

  /** The end of the drain timeout kept for leaving the cluster: requests in flight are cut this long before it. */
  public static final Duration LEAVE_ALLOWANCE = Duration.ofSeconds(5);

  private static final Logger LOG = Logger.getLogger(DrainSequence.class.getName());

  private final DrainSteps steps;
  private final Duration grace;
  private final Duration timeout;

  /**
   * @param grace   how long the node keeps serving after it announced the drain; zero or more
   * @param timeout the longest the whole drain may take; at least {@code grace} plus {@link #LEAVE_ALLOWANCE}
   */
  public DrainSequence(DrainSteps steps, Duration grace, Duration timeout) {
    this.steps = Objects.requireNonNull(steps, "steps");
    if (grace.isNegative()) {
      throw new IllegalArgumentException("grace: " + grace.toMillis() + " ms (expected: >= 0)");
    }
    if (timeout.compareTo(grace.plus(LEAVE_ALLOWANCE)) < 0) {
      throw new IllegalArgumentException("timeout: " + timeout.toMillis() + " ms (expected: >= grace + "
        + LEAVE_ALLOWANCE.toMillis() + " ms)");
    }
    this.grace = grace;
    this.timeout = timeout;
  }

  /**
   * Runs every step on the calling thread, which it blocks for the grace period and then until the node has left the
   * cluster or the timeout has passed. Never call it on an event loop.
   *
   * @return true when each request in flight was answered and the node left the cluster, all within the timeout;
   *         false when the timeout cut requests or the departure short
   */
  public boolean run() {
    long start = System.nanoTime();
    long graceEnd = start + grace.toNanos();
    long end = start + timeout.toNanos();
    long requestsEnd = end - LEAVE_ALLOWANCE.toNanos();

    LOG.info("drain: not ready; serving for the " + grace.toMillis() + " ms grace period (drain timeout "
      + timeout.toMillis() + " ms)");
    steps.announce(Duration.ofNanos(requestsEnd - start))
      .onFailure(e -> LOG.warning("drain: cannot tell the cluster that this node is not ready: " + e.getMessage()));
    sleepUntil(graceEnd);

    LOG.info("drain: +" + elapsed(start) + " ms: closing the listener and idle connections; requests in flight have "
      + remaining(requestsEnd) + " ms to finish");
    boolean answered = await("waiting for requests in flight",
      steps.stopAccepting(Duration.ofNanos(requestsEnd - System.nanoTime())), requestsEnd);
    LOG.info("drain: +" + elapsed(start) + " ms: " + (answered ? "every request answered" : "requests still in "
      + "flight were cut") + "; leaving the cluster");

    boolean left = await("leaving the cluster", steps.leave(), end);
    if (left) {
      LOG.info("drain: +" + elapsed(start) + " ms: left the cluster");
    } else {
      LOG.warning("drain: +" + elapsed(start) + " ms: stopping before the node has left the cluster");
    }
    return answered && left;
  }

  /** Whether {@code future} succeeded before {@code deadline} ({@link System#nanoTime()}); logs a failure. */
  private static boolean await(String step, Future<?> future, long deadline) {
    try {
      future.toCompletionStage().toCompletableFuture().get(Math.max(0, deadline - System.nanoTime()),
        TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      // The caller says what was cut short.
    } catch (ExecutionException e) {
      LOG.warning("drain: " + step + " failed: " + e.getCause().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warning("drain: interrupted while " + step);
    }
    return false;
  }

  private static void sleepUntil(long deadline) {
    long left = deadline - System.nanoTime();
    if (left > 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static long elapsed(long start) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  private static long remaining(long deadline) {
    return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
  }
}
