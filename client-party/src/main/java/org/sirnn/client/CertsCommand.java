package org.sirnn.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.sirnn.net.grpc.tls.DevCertificates;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code certs --out DIR}: writes a development CA and mutual-TLS certificates for both parties into one directory;
 * {@code certs --server-out DIR1 --client-out DIR2} writes each party's files (with the CA certificate) into a
 * directory of its own, so that each party can be given only its own key.
 */
@Command(name = "certs", mixinStandardHelpOptions = true,
    description = "Write a development CA and mTLS certificates: ca.pem, server.pem/.key, client.pem/.key"
        + " (server.pem is for TLS servers only, client.pem for TLS clients only).")
public final class CertsCommand implements Callable<Integer> {

  @Option(names = "--out", description = "directory to write all files to (created if missing)")
  Path out;

  @Option(names = "--server-out", description = "directory for server-party's files only: ca.pem, server.pem,"
      + " server.key (with --client-out, instead of --out)")
  Path serverOut;

  @Option(names = "--client-out", description = "directory for client-party's files only: ca.pem, client.pem,"
      + " client.key (with --server-out, instead of --out)")
  Path clientOut;

  @Spec
  CommandSpec spec;

  @Option(names = "--days", description = "validity in days (default: ${DEFAULT-VALUE})")
  int days = 825;

  @Override
  public Integer call() throws Exception {
    boolean split = serverOut != null || clientOut != null;
    if (split == (out != null) || (split && (serverOut == null || clientOut == null))) {
      throw new ParameterException(spec.commandLine(),
          "give either --out DIR, or both --server-out DIR and --client-out DIR");
    }
    if (split) {
      try {
        DevCertificates.write(serverOut, clientOut, Duration.ofDays(days));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      System.out.println("wrote ca.pem, server.pem, server.key to " + serverOut.toAbsolutePath()
          + " and ca.pem, client.pem, client.key to " + clientOut.toAbsolutePath());
      return 0;
    }
    java.nio.file.Files.createDirectories(out);
    DevCertificates.write(out, Duration.ofDays(days));
    System.out.println("wrote ca.pem, server.pem, server.key, client.pem, client.key to " + out.toAbsolutePath());
    return 0;
  }
}
