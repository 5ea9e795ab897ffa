package org.sirnn.client;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import java.io.IOException;
import java.nio.file.Path;
import org.sirnn.net.grpc.tls.TlsConfig;
import picocli.CommandLine.Option;

/**
 * Command-line mix-in for TLS on client-party's Inference API, declared once for both of its ends: {@code serve}
 * takes {@link #serverCredentials} (the API port's certificate and key; with a CA, callers must present a
 * certificate it signed), {@code infer --server} takes {@link #channelCredentials} (the CA to trust; with a
 * certificate and key, the caller's own). Without any of the flags the API is plaintext.
 */
public final class ApiTlsOptions {
  @Option(names = "--api-tls-cert", description = "API certificate chain (PEM): the API port's (serve) or the"
      + " caller's (infer)")
  Path cert;

  @Option(names = "--api-tls-key", description = "private key (unencrypted PKCS#8 PEM) of --api-tls-cert")
  Path key;

  @Option(names = "--api-tls-ca", description = "CA certificate(s) (PEM): serve requires callers to present a"
      + " certificate it signed; infer trusts the API's certificate by it")
  Path ca;

  /** True when the API port speaks TLS. */
  public boolean enabled() {
    return cert != null || key != null;
  }

  /** Credentials of the API port ({@code serve}). */
  public ServerCredentials serverCredentials() {
    if (cert == null && key == null) {
      if (ca != null) {
        throw new IllegalArgumentException("--api-tls-ca needs --api-tls-cert and --api-tls-key");
      }
      return InsecureServerCredentials.create();
    }
    if (cert == null || key == null) {
      throw new IllegalArgumentException("TLS on the API port needs both --api-tls-cert and --api-tls-key");
    }
    if (ca != null) {
      return TlsConfig.of(cert, key, ca).serverCredentials();
    }
    try {
      return TlsServerCredentials.create(cert.toFile(), key.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException("--api-tls-cert " + cert + " / --api-tls-key " + key + ": "
          + e.getMessage(), e);
    }
  }

  /** Credentials of a caller's channel to the API ({@code infer --server}). */
  public ChannelCredentials channelCredentials() throws IOException {
    if (ca == null) {
      if (cert != null || key != null) {
        throw new IllegalArgumentException("--api-tls-cert/--api-tls-key need --api-tls-ca");
      }
      return InsecureChannelCredentials.create();
    }
    if (cert != null || key != null) {
      return TlsConfig.of(cert, key, ca).channelCredentials();
    }
    return TlsChannelCredentials.newBuilder().trustManager(ca.toFile()).build();
  }
}
