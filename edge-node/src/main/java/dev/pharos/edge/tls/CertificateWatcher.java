package dev.pharos.edge.tls;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.function.Function;

/**
 * Checks the certificate folder every reload interval and hands a new {@link ServerCertificates} to the listeners when
 * a pair was changed, added or removed. The folder is read on a worker thread, never on an event loop; checks never
 * overlap. A pair that was served and can no longer be used (a file being replaced, a key that does not match its
 * certificate) keeps its previous certificate and key until it can; a reading where no pair can be used keeps the
 * certificates served so far. Each pair left out is logged by file name at every change of the folder.
 */
public final class CertificateWatcher {

  private static final Logger LOG = System.getLogger(CertificateWatcher.class.getName());

  private final Vertx vertx;
  private final CertificateFolder folder;
  private final TlsSettings settings;
  private final Function<ServerCertificates, Future<?>> apply;

  // Touched only by the check in progress, one at a time.
  private volatile String fingerprint = "";
  private volatile ServerCertificates served;
  private long timer = -1;
  private boolean checking;

  /** @param apply gives new certificates to the listeners; completes when they serve them */
  public CertificateWatcher(Vertx vertx, TlsSettings settings, Function<ServerCertificates, Future<?>> apply) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.apply = Objects.requireNonNull(apply, "apply");
    this.folder = new CertificateFolder(vertx, settings.certDir(), settings.defaultCert());
  }

  /**
   * Reads the folder once. Fails when it cannot be listed or holds no usable pair: a node asked to serve HTTPS does
   * not start without a certificate.
   */
  public Future<ServerCertificates> load() {
    return vertx.executeBlocking(() -> {
      String seen = folder.fingerprint();
      CertificateFolder.Reading reading = folder.read();
      report(reading);
      if (reading.certificates() == null) {
        throw new IllegalStateException("no usable certificate pair (NAME.crt + NAME.key) in " + settings.certDir());
      }
      fingerprint = seen;
      served = reading.certificates();
      return served;
    });
  }

  /** Starts checking the folder every reload interval. */
  public void start() {
    timer = vertx.setPeriodic(settings.reloadInterval().toMillis(), id -> check());
  }

  public void stop() {
    vertx.cancelTimer(timer);
  }

  private void check() {
    if (checking) {
      return;
    }
    checking = true;
    vertx.executeBlocking(() -> {
        String seen = folder.fingerprint();
        if (seen.equals(fingerprint)) {
          return null;
        }
        fingerprint = seen;
        CertificateFolder.Reading reading = folder.read();
        report(reading);
        ServerCertificates next = reading.keepingUnreadableFrom(served);
        if (served != null) {
          served.pairs().stream().filter(pair -> reading.unreadable().contains(pair.name())).forEach(pair ->
            LOG.log(Level.WARNING, "certificate " + pair.name() + ": still serving the pair read before for "
              + pair.hostNames() + " until its files can be used together"));
        }
        if (next == null) {
          LOG.log(Level.ERROR, "certificate folder " + settings.certDir() + " changed but holds no usable pair: "
            + "still serving the certificates read before");
          return null;
        }
        served = next;
        return next;
      })
      .compose(certificates -> certificates == null ? Future.succeededFuture() : apply.apply(certificates)
        .onSuccess(v -> LOG.log(Level.INFO, "serving certificates " + names(certificates) + " for new connections")))
      .onFailure(e -> LOG.log(Level.ERROR, "reading certificate folder " + settings.certDir() + ": " + e))
      .onComplete(v -> checking = false);
  }

  private void report(CertificateFolder.Reading reading) {
    reading.problems().forEach(problem -> LOG.log(Level.ERROR, "certificate left out: " + problem));
  }

  private static String names(ServerCertificates certificates) {
    return certificates.pairs().stream().map(p -> p.name() + " " + p.hostNames()).toList().toString();
  }
}
