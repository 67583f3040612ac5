package dev.pharos.loadtest.gen;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Starts each {@link TimedCommand} with {@code sh -c} at its offset into the measured period and records when it
 * started, so the report can mark it. The commands share this process's standard streams.
 */
final class CommandSchedule {

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "timed-commands");
    t.setDaemon(true);
    return t;
  });
  private final long measureFromNanos;
  private final List<RunResult.Event> events = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();

  CommandSchedule(List<TimedCommand> commands, long measureFromNanos) {
    this.measureFromNanos = measureFromNanos;
    for (TimedCommand command : commands) {
      long delay = measureFromNanos + command.at().toNanos() - System.nanoTime();
      timer.schedule(() -> start(command), delay, TimeUnit.NANOSECONDS);
    }
  }

  private synchronized void start(TimedCommand command) {
    double at = (System.nanoTime() - measureFromNanos) / 1e9;
    try {
      processes.add(new ProcessBuilder("sh", "-c", command.command()).inheritIO().start());
      events.add(new RunResult.Event(at, command.command(), null));
    } catch (IOException e) {
      events.add(new RunResult.Event(at, command.command(), e.getMessage()));
    }
  }

  /** Cancels commands not yet due, waits up to {@code grace} for started ones to exit, and returns the events. */
  List<RunResult.Event> finish(Duration grace) throws InterruptedException {
    timer.shutdownNow();
    timer.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
    synchronized (this) {
      long deadline = System.nanoTime() + grace.toNanos();
      for (Process process : processes) {
        process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
      return List.copyOf(events);
    }
  }
}
