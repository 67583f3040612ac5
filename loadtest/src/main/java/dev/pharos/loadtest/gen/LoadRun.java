package dev.pharos.loadtest.gen;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Drives one run. Open loop: request i is due at start + i/rate whatever happened to earlier ones, and its latency
 * counts from that due time, so a stalled server shows up in the latency of every request it delayed (as in wrk2).
 * Closed loop: each of N slots sends its next request when the previous one is answered, and latency counts from the
 * actual send; this under-reports stalls by design and is there to find the maximum throughput.
 *
 * <p>One event loop per core the process may use (a benchmark pins the generator with taskset), on Netty's native
 * transport when it loads.
 */
public final class LoadRun {

  // One per core the process may use; each paces its share of an open loop.
  private static final int EVENT_LOOPS = Runtime.getRuntime().availableProcessors();

  private final LoadSettings settings;
  private final Targets.Resolver resolver;
  private final InFlight inFlight = new InFlight();
  private volatile LatencyLog log;

  public LoadRun(LoadSettings settings) {
    this(settings, Targets.Resolver.SYSTEM);
  }

  LoadRun(LoadSettings settings, Targets.Resolver resolver) {
    this.settings = settings;
    this.resolver = resolver;
  }

  /** Runs to the end and returns the result; {@code onStart} gets the log so a progress display can read it. */
  public RunResult run(Consumer<LatencyLog> onStart) throws InterruptedException, UnknownHostException {
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true)
        .setEventLoopPoolSize(EVENT_LOOPS));
    try (Targets targets = new Targets(settings.targets(), settings.resolveEvery(), resolver)) {
      RequestSender sender = new RequestSender(vertx, settings, targets);
      long start = System.nanoTime();
      long measureFrom = start + settings.warmup().toNanos();
      long end = measureFrom + settings.duration().toNanos();
      log = new LatencyLog(measureFrom);
      CommandSchedule schedule = new CommandSchedule(settings.commands(), measureFrom);
      onStart.accept(log);
      if (settings.openLoop()) {
        openLoop((VertxInternal) vertx, sender, start, end);
      } else {
        closedLoop(sender, end);
      }
      Duration grace = settings.timeout().plus(Duration.ofSeconds(1));
      int unanswered = inFlight.awaitIdle(grace);
      if (unanswered > 0) {
        System.err.println(unanswered + " requests still unanswered after " + grace + " are not counted");
      }
      sender.close().await();
      return log.result(settings.openLoop() ? "open-loop" : "closed-loop", settings.duration().toNanos(),
          schedule.finish(grace));
    } finally {
      vertx.close().await();
    }
  }

  private void openLoop(VertxInternal vertx, RequestSender sender, long start, long end) throws InterruptedException {
    CountDownLatch finished = new CountDownLatch(EVENT_LOOPS);
    for (int i = 0; i < EVENT_LOOPS; i++) {
      new Pacer(vertx.createEventLoopContext(), start, end, settings.rate(), EVENT_LOOPS, i,
          due -> send(sender, due, null), finished::countDown).start();
    }
    finished.await();
  }

  private void closedLoop(RequestSender sender, long end) {
    for (int slot = 0; slot < settings.connections() * settings.targets().size(); slot++) {
      sendUntil(sender, end);
    }
    parkUntil(end);
  }

  private void sendUntil(RequestSender sender, long end) {
    long now = System.nanoTime();
    if (now < end) {
      send(sender, now, () -> sendUntil(sender, end));
    }
  }

  private void send(RequestSender sender, long intended, Runnable then) {
    inFlight.begin();
    sender.send(error -> {
      log.record(intended, System.nanoTime(), error);
      // The next request begins before this one ends, so the count never touches zero mid-run.
      if (then != null) {
        then.run();
      }
      inFlight.end();
    });
  }

  private static void parkUntil(long nanos) {
    long left;
    while ((left = nanos - System.nanoTime()) > 0) {
      LockSupport.parkNanos(left);
    }
  }
}
