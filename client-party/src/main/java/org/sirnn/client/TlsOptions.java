package org.sirnn.client;

import io.grpc.ChannelCredentials;
import java.nio.file.Path;
import org.sirnn.net.grpc.tls.TlsConfig;
import picocli.CommandLine.Option;

/** Command-line mix-in: mutual-TLS files for the link to server-party, or an explicit --insecure. */
public final class TlsOptions {
  @Option(names = "--tls-cert", description = "this party's certificate chain (PEM)")
  Path cert;

  @Option(names = "--tls-key", description = "this party's private key (unencrypted PKCS#8 PEM)")
  Path key;

  @Option(names = "--tls-ca", description = "CA certificate(s) that sign server-party (PEM)")
  Path ca;

  @Option(names = "--insecure", description = "connect without TLS (development only)")
  boolean insecure;

  /** Credentials for the channel to server-party, with a clear error when neither TLS files nor --insecure. */
  public ChannelCredentials channelCredentials() {
    if (insecure) {
      if (cert != null || key != null || ca != null) {
        throw new IllegalArgumentException("--insecure excludes --tls-cert/--tls-key/--tls-ca");
      }
      return TlsConfig.insecureChannel();
    }
    if (cert == null || key == null || ca == null) {
      throw new IllegalArgumentException("mutual TLS needs --tls-cert, --tls-key and --tls-ca (or --insecure for"
          + " plaintext in development); 'client-party.jar certs --out DIR' makes a development set");
    }
    return TlsConfig.of(cert, key, ca).channelCredentials();
  }
}
