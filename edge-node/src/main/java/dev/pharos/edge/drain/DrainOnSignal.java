package dev.pharos.edge.drain;

import sun.misc.Signal;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Drains the node on the first SIGTERM or SIGINT, then exits with {@link #EXIT_DRAINED} or, when the drain timeout cut
 * it short, {@link #EXIT_CUT_SHORT}. A second signal during the drain ends the process at once with
 * {@link #EXIT_CUT_SHORT}.
 *
 * <p>The drain runs before the JVM begins to shut down, not in a shutdown hook: the JDK's logging resets itself in a
 * hook of its own, which runs alongside the others and would drop the drain's log lines, and once shutdown has begun
 * the JVM ignores a second signal. A hook still drains the node when the JVM ends another way (SIGHUP,
 * {@code System.exit} elsewhere). {@code sun.misc.Signal} is the only way to see a signal in Java 17.
 */
public final class DrainOnSignal {

  /** The drain completed: each request in flight was answered and the node left the cluster. */
  public static final int EXIT_DRAINED = 0;

  /** The drain timeout or a second signal ended the drain before it completed. */
  public static final int EXIT_CUT_SHORT = 1;

  private static final Logger LOG = Logger.getLogger(DrainOnSignal.class.getName());

  private final BooleanSupplier drain;
  private final AtomicBoolean started = new AtomicBoolean();

  private DrainOnSignal(BooleanSupplier drain) {
    this.drain = drain;
  }

  /**
   * @param drain runs the drain, blocking, and tells whether it completed; see {@link DrainSequence#run()}
   */
  public static void install(BooleanSupplier drain) {
    DrainOnSignal handler = new DrainOnSignal(drain);
    for (String name : List.of("TERM", "INT")) {
      try {
        Signal.handle(new Signal(name), handler::onSignal);
      } catch (IllegalArgumentException e) {
        // The JVM keeps the signal (-Xrs) or the OS ignores it for this process: the shutdown hook still drains.
        LOG.warning("cannot handle SIG" + name + ": " + e.getMessage());
      }
    }
    Runtime.getRuntime().addShutdownHook(new Thread(handler::onShutdown, "pharos-drain-hook"));
  }

  // The JVM calls a handler on a new thread for each signal, so the drain may block this one.
  private void onSignal(Signal signal) {
    if (!started.compareAndSet(false, true)) {
      LOG.warning("SIG" + signal.getName() + " again: stopping at once");
      Runtime.getRuntime().halt(EXIT_CUT_SHORT);
      return;
    }
    LOG.info("SIG" + signal.getName() + ": draining; send it again to stop at once");
    int status = EXIT_CUT_SHORT;
    try {
      status = drain.getAsBoolean() ? EXIT_DRAINED : EXIT_CUT_SHORT;
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "drain failed", e);
    }
    System.exit(status);
  }

  private void onShutdown() {
    if (started.compareAndSet(false, true)) {
      drain.getAsBoolean();
    }
  }
}
