package org.sirnn.net.grpc.tls;

import io.grpc.ChannelCredentials;
import io.grpc.ServerCredentials;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Command-line mix-in of both parties for the PartyLink between them, declared once: this party's certificate
 * chain and key and the CA that signs its peer (mutual TLS), or an explicit {@code --insecure} for plaintext in
 * development. server-party takes {@link #serverCredentials}, client-party ({@code serve}, {@code ping})
 * {@link #channelCredentials}.
 */
public final class TlsOptions {
  @Option(names = "--tls-cert", description = "this party's certificate chain (PEM)")
  Path cert;

  @Option(names = "--tls-key", description = "this party's private key (unencrypted PKCS#8 PEM)")
  Path key;

  @Option(names = "--tls-ca", description = "CA certificate(s) that sign the other party (PEM)")
  Path ca;

  @Option(names = "--insecure", description = "no TLS on the party link (development only)")
  boolean insecure;

  /** True when {@code --insecure} was given. */
  public boolean insecure() {
    return insecure;
  }

  /** Credentials of server-party's PartyLink port. */
  public ServerCredentials serverCredentials() {
    return check() ? TlsConfig.insecureServer() : TlsConfig.of(cert, key, ca).serverCredentials();
  }

  /** Credentials of client-party's channel to server-party. */
  public ChannelCredentials channelCredentials() {
    return check() ? TlsConfig.insecureChannel() : TlsConfig.of(cert, key, ca).channelCredentials();
  }

  /** True for plaintext; a clear error when the flags are neither a complete TLS set nor --insecure alone. */
  private boolean check() {
    if (insecure) {
      if (cert != null || key != null || ca != null) {
        throw new IllegalArgumentException("--insecure excludes --tls-cert/--tls-key/--tls-ca");
      }
      return true;
    }
    if (cert == null || key == null || ca == null) {
      throw new IllegalArgumentException("mutual TLS needs --tls-cert, --tls-key and --tls-ca (or --insecure for"
          + " plaintext in development); 'client-party.jar certs --out DIR' makes a development set");
    }
    return false;
  }
}
