package org.sirnn.nn.runtime;

import java.util.Locale;
import org.sirnn.ot.OtBackend;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Command-line mix-in of every command that runs sessions: {@code --ot ferret|iknp}, the OT backend under every
 * protocol ({@link OtBackend}). Both parties must run the same one; the session header carries it
 * ({@link SessionRunner}). The default is {@value #DEFAULT_NAME}.
 */
public final class OtOption {
  /** The default backend's name (docs/benchmarks.md: the faster of the two on {@code bench model google30}). */
  public static final String DEFAULT_NAME = "iknp";

  @Option(names = "--ot", paramLabel = "iknp|ferret", converter = Converter.class,
      description = "OT backend of the sessions: iknp or ferret (default: " + DEFAULT_NAME + ")")
  OtBackend ot = parse(DEFAULT_NAME);

  /** The chosen backend. */
  public OtBackend backend() {
    return ot;
  }

  /** The header and command-line name of a backend: "iknp", "ferret". */
  public static String name(OtBackend b) {
    return b.name().toLowerCase(Locale.ROOT);
  }

  /** The backend of a name (case-insensitive), or IllegalArgumentException listing the choices. */
  public static OtBackend parse(String name) {
    for (OtBackend b : OtBackend.values()) {
      if (name(b).equalsIgnoreCase(name)) {
        return b;
      }
    }
    throw new IllegalArgumentException("unknown OT backend '" + sanitise(name) + "' (iknp or ferret)");
  }

  /** A peer-given name cut to something fit for a message. */
  static String sanitise(String s) {
    String t = s.replaceAll("[^A-Za-z0-9_-]", "?");
    return t.length() <= 20 ? t : t.substring(0, 20) + "...";
  }

  /** picocli converter for {@code --ot}. */
  public static final class Converter implements CommandLine.ITypeConverter<OtBackend> {
    @Override
    public OtBackend convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
