package dev.pharos.edge.proxy;

import dev.pharos.edge.testing.TestBackend;
import dev.pharos.edge.testing.TestCertificates;
import dev.pharos.edge.tls.CertificateFolder;
import dev.pharos.edge.tls.CertificateWatcher;
import dev.pharos.edge.tls.ServerCertificates;
import dev.pharos.edge.tls.TlsPolicy;
import dev.pharos.edge.tls.TlsSettings;
import dev.pharos.model.Upstream;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The HTTPS listener: certificates by SNI from a watched folder, TLS versions and ciphers, ALPN, routing over TLS. */
@ExtendWith(VertxExtension.class)
@Timeout(60)
class HttpsListenerTest {

  @TempDir
  Path certs;

  private Vertx vertx;
  private TestBackend backend;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    backend = TestBackend.start(vertx, "app");
  }

  @Test
  void eachNameGetsItsCertificateAndOtherClientsTheDefault() throws Exception {
    TestCertificates.write(certs, "a", "a.test");
    TestCertificates.write(certs, "b", "*.b.test", "b.test");
    TestCertificates.write(certs, "z", "z.test");
    TestEdge edge = TestEdge.startHttps(vertx, TestEdge.settings(), 2, read(null));

    assertThat(servedName(edge, "a.test")).isEqualTo("a.test");
    assertThat(servedName(edge, "z.test")).isEqualTo("z.test");
    assertThat(servedName(edge, "B.test")).isEqualTo("*.b.test");
    assertThat(servedName(edge, "x.b.test")).isEqualTo("*.b.test");
    // A wildcard covers one label only: the default (first in alphabetical order) answers.
    assertThat(servedName(edge, "y.x.b.test")).isEqualTo("a.test");
    assertThat(servedName(edge, null)).isEqualTo("a.test");
  }

  @Test
  void theDefaultCertificateCanBeNamed() throws Exception {
    TestCertificates.write(certs, "a", "a.test");
    TestCertificates.write(certs, "z", "z.test");
    TestEdge edge = TestEdge.startHttps(vertx, TestEdge.settings(), 1, read("z"));

    assertThat(servedName(edge, null)).isEqualTo("z.test");
    assertThat(servedName(edge, "unknown.test")).isEqualTo("z.test");
    assertThat(servedName(edge, "a.test")).isEqualTo("a.test");
  }

  @Test
  void requestsOverTlsAreRoutedAndMarkedHttpsUpstream() throws Exception {
    TestCertificates.write(certs, "a", "a.test");
    TestEdge edge = TestEdge.startHttps(vertx, TestEdge.settings(), 1, read(null));
    edge.route("a.test", Upstream.of("app", backend.target()));

    try (SSLSocket socket = handshake(edge.httpsPort(), "a.test", null, null)) {
      socket.getOutputStream().write("GET /x HTTP/1.1\r\nHost: a.test\r\nConnection: close\r\n\r\n"
        .getBytes(StandardCharsets.ISO_8859_1));
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      assertThat(response).startsWith("HTTP/1.1 200").endsWith("app");
    }
    assertThat(backend.onlyRequest().header("x-forwarded-proto")).isEqualTo("https");
  }

  @Test
  void onlyTls12And13WithForwardSecretAeadCiphersAreAccepted() throws Exception {
    TestCertificates.write(certs, "a", "a.test");
    TestEdge edge = TestEdge.startHttps(vertx, TestEdge.settings(), 1, read(null));

    try (SSLSocket socket = handshake(edge.httpsPort(), "a.test", null, null)) {
      assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
    }
    try (SSLSocket socket = handshake(edge.httpsPort(), "a.test", "TLSv1.2", null)) {
      assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.2");
      assertThat(TlsPolicy.CIPHER_SUITES).contains(socket.getSession().getCipherSuite());
    }
    assertThatThrownBy(() -> handshake(edge.httpsPort(), "a.test", "TLSv1.2",
      "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256").close()).isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void http2IsNegotiatedByAlpn() {
    TestCertificates.write(certs, "a", "a.test");
    TestEdge edge = TestEdge.startHttps(vertx, TestEdge.settings(), 1, read(null));
    edge.route("a.test", Upstream.of("app", backend.target()));
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setUseAlpn(true)
      .setTrustAll(true).setVerifyHost(false).setProtocolVersion(HttpVersion.HTTP_2));

    HttpClientResponse response = client.request(new RequestOptions().setMethod(HttpMethod.GET)
        .setServer(SocketAddress.inetSocketAddress(edge.httpsPort(), "127.0.0.1")).setHost("a.test")
        .setPort(edge.httpsPort()).setURI("/h2"))
      .compose(request -> request.send())
      .compose(received -> received.body().map(body -> {
        assertThat(body.toString()).isEqualTo("app");
        return received;
      })).await();

    assertThat(response.version()).isEqualTo(HttpVersion.HTTP_2);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(backend.onlyRequest().header("x-forwarded-proto")).isEqualTo("https");
  }

  @Test
  void addedAndChangedCertificatesAreServedToNewConnectionsWithoutRestart() throws Exception {
    TestCertificates.write(certs, "a", "a.test");
    TestEdge[] edge = new TestEdge[1];
    CertificateWatcher watcher = new CertificateWatcher(vertx, new TlsSettings(0, certs, null, Duration.ofMillis(100)),
      next -> edge[0].verticles().get(0).updateCertificates(next));
    edge[0] = TestEdge.startHttps(vertx, TestEdge.settings(), 2, watcher.load().await());
    watcher.start();
    BigInteger firstSerial = servedCertificate(edge[0], "a.test").getSerialNumber();

    TestCertificates.write(certs, "c", "c.test");
    await().atMost(Duration.ofSeconds(15)).until(() -> servedName(edge[0], "c.test").equals("c.test"));
    X509Certificate renewed = TestCertificates.write(certs, "a", "a.test");
    await().atMost(Duration.ofSeconds(15))
      .until(() -> servedCertificate(edge[0], "a.test").getSerialNumber().equals(renewed.getSerialNumber()));
    assertThat(renewed.getSerialNumber()).isNotEqualTo(firstSerial);
    watcher.stop();
  }

  @Test
  void aPairReplacedOneFileAtATimeKeepsItsPreviousCertificateUntilBothFilesAgree(@TempDir Path elsewhere)
    throws Exception {
    X509Certificate first = TestCertificates.write(certs, "a", "a.test");
    TestEdge[] edge = new TestEdge[1];
    CertificateWatcher watcher = new CertificateWatcher(vertx, new TlsSettings(0, certs, null, Duration.ofMillis(100)),
      next -> edge[0].verticles().get(0).updateCertificates(next));
    edge[0] = TestEdge.startHttps(vertx, TestEdge.settings(), 1, watcher.load().await());
    watcher.start();
    X509Certificate renewed = TestCertificates.write(elsewhere, "a", "a.test");

    // The new certificate beside the old key, then another pair: once that one is served, the folder has been read
    // with a.crt and a.key disagreeing.
    Files.move(elsewhere.resolve("a.crt"), certs.resolve("a.crt"), StandardCopyOption.REPLACE_EXISTING,
      StandardCopyOption.ATOMIC_MOVE);
    TestCertificates.write(certs, "c", "c.test");
    await().atMost(Duration.ofSeconds(15)).until(() -> servedName(edge[0], "c.test").equals("c.test"));
    assertThat(servedCertificate(edge[0], "a.test").getSerialNumber()).isEqualTo(first.getSerialNumber());

    Files.move(elsewhere.resolve("a.key"), certs.resolve("a.key"), StandardCopyOption.REPLACE_EXISTING,
      StandardCopyOption.ATOMIC_MOVE);
    await().atMost(Duration.ofSeconds(15))
      .until(() -> servedCertificate(edge[0], "a.test").getSerialNumber().equals(renewed.getSerialNumber()));
    watcher.stop();
  }

  @Test
  void aKeyThatDoesNotBelongToItsCertificateIsReportedAndLeftOut() throws Exception {
    TestCertificates.write(certs, "a", "a.test");
    TestCertificates.write(certs, "b", "b.test");
    Files.copy(certs.resolve("b.key"), certs.resolve("a.key"), StandardCopyOption.REPLACE_EXISTING);

    CertificateFolder.Reading reading = new CertificateFolder(vertx, certs, null).read();

    assertThat(reading.problems()).containsExactly("a.crt / a.key: the key does not belong to the certificate");
    assertThat(reading.unreadable()).containsExactly("a");
    assertThat(reading.certificates().pairs()).extracting(ServerCertificates.Pair::name).containsExactly("b");
  }

  @Test
  void aPairThatCannotBeReadIsReportedByNameAndTheOthersAreServed() throws Exception {
    TestCertificates.write(certs, "a", "a.test");
    Files.writeString(certs.resolve("broken.crt"), "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");
    Files.writeString(certs.resolve("broken.key"), "garbage");
    Files.writeString(certs.resolve("lonely.crt"), "whatever");

    CertificateFolder.Reading reading = new CertificateFolder(vertx, certs, null).read();

    assertThat(reading.problems()).hasSize(2);
    assertThat(reading.problems().get(0)).startsWith("broken.crt / broken.key: ");
    assertThat(reading.problems().get(1)).isEqualTo("lonely.crt: no lonely.key beside it");
    assertThat(reading.certificates().pairs()).extracting(ServerCertificates.Pair::name).containsExactly("a");
    TestEdge edge = TestEdge.startHttps(vertx, TestEdge.settings(), 1, reading.certificates());
    assertThat(servedName(edge, "a.test")).isEqualTo("a.test");
  }

  private ServerCertificates read(String defaultName) {
    try {
      CertificateFolder.Reading reading = new CertificateFolder(vertx, certs, defaultName).read();
      assertThat(reading.problems()).isEmpty();
      return reading.certificates();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static String servedName(TestEdge edge, String serverName) throws Exception {
    return TestCertificates.commonName(servedCertificate(edge, serverName));
  }

  private static X509Certificate servedCertificate(TestEdge edge, String serverName) throws Exception {
    try (SSLSocket socket = handshake(edge.httpsPort(), serverName, null, null)) {
      return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }
  }

  /** A handshake that trusts any certificate, to see which one the edge serves. */
  static SSLSocket handshake(int port, String serverName, String protocol, String cipherSuite)
    throws IOException, GeneralSecurityException {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {new TrustingAll()}, null);
    SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setServerNames(serverName == null ? List.of() : List.of(new SNIHostName(serverName)));
    if (protocol != null) {
      parameters.setProtocols(new String[] {protocol});
    }
    if (cipherSuite != null) {
      parameters.setCipherSuites(new String[] {cipherSuite});
    }
    socket.setSSLParameters(parameters);
    try {
      socket.startHandshake();
    } catch (IOException e) {
      socket.close();
      throw e;
    }
    return socket;
  }

  private static final class TrustingAll implements X509TrustManager {

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
