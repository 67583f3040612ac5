package dev.pharos.edge.tls;

import dev.pharos.edge.PharosNode;
import dev.pharos.edge.testing.NodeFixtures;
import dev.pharos.edge.testing.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** A node started with HTTPS settings serves its folder's certificates and picks up a new one while it runs. */
@Timeout(120)
class HttpsNodeIT {

  private static final String CLUSTER = "https-node-it";
  private static final int BASE_PORT = 6311;

  @TempDir
  Path dataDir;

  @TempDir
  Path certs;

  @Test
  void aNodeServesItsFolderAndAPairAddedLater() throws Exception {
    TestCertificates.write(certs, "a", "a.test");
    PharosNode node = NodeFixtures.await(PharosNode.start(NodeFixtures.settings(CLUSTER, BASE_PORT, 0, 1, dataDir,
      Map.of("PHAROS_HTTPS_PORT", "0", "PHAROS_TLS_CERT_DIR", certs.toString(),
        "PHAROS_TLS_RELOAD_INTERVAL_MS", "200"))));
    try {
      assertThat(node.httpsPort()).isPositive().isNotEqualTo(node.httpPort());
      assertThat(servedName(node.httpsPort(), "a.test")).isEqualTo("a.test");

      TestCertificates.write(certs, "b", "b.test");

      await().atMost(Duration.ofSeconds(20)).until(() -> servedName(node.httpsPort(), "b.test").equals("b.test"));
    } finally {
      NodeFixtures.stopAll(List.of(node));
    }
  }

  @Test
  void aNodeWithoutAUsablePairDoesNotStart() throws Exception {
    Files.writeString(certs.resolve("only.crt"), "not a certificate");
    Files.writeString(certs.resolve("only.key"), "not a key");

    assertThatThrownBy(() -> NodeFixtures.await(PharosNode.start(NodeFixtures.settings(CLUSTER + "-bad", BASE_PORT + 1,
      0, 1, dataDir, Map.of("PHAROS_HTTPS_PORT", "0", "PHAROS_TLS_CERT_DIR", certs.toString())))))
      .hasMessageContaining("no usable certificate pair").hasMessageContaining(certs.toString());
  }

  private static String servedName(int port, String serverName) throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {new X509TrustManager() {
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
    }}, null);
    try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setServerNames(List.of(new SNIHostName(serverName)));
      socket.setSSLParameters(parameters);
      socket.startHandshake();
      return TestCertificates.commonName(socket.getSession().getPeerCertificates()[0]);
    }
  }
}
