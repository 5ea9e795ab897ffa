package org.sirnn.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.sirnn.net.grpc.tls.DevCertificates;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code certs --out DIR}: writes a development CA and mutual-TLS certificates for both parties. */
@Command(name = "certs", mixinStandardHelpOptions = true,
    description = "Write a development CA and mTLS certificates: ca.pem, server.pem/.key, client.pem/.key.")
public final class CertsCommand implements Callable<Integer> {

  @Option(names = "--out", required = true, description = "directory to write (created if missing)")
  Path out;

  @Option(names = "--days", description = "validity in days (default: ${DEFAULT-VALUE})")
  int days = 825;

  @Override
  public Integer call() throws Exception {
    java.nio.file.Files.createDirectories(out);
    DevCertificates.write(out, Duration.ofDays(days));
    System.out.println("wrote ca.pem, server.pem, server.key, client.pem, client.key to " + out.toAbsolutePath());
    return 0;
  }
}
