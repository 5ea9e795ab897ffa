package org.sirnn.nn.runtime;

import org.sirnn.mpc.WireGoal;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Command-line mix-in {@code --wire rounds|balanced|bytes} (default balanced) of the client commands that run
 * sessions: what the protocols save where they can choose between fewer rounds and fewer bytes ({@link WireGoal}).
 * The outputs are the same whatever the goal. The client chooses; the session header carries the goal
 * ({@code wire_goal}) and server-party follows it ({@link SessionRunner}), so server-party has no such option.
 * With {@code --ot ferret}, {@code bytes} also runs Ferret's b13-only preset ({@link SessionRunner#withGoal}).
 */
public final class WireOption {
  @Option(names = "--wire", paramLabel = "rounds|balanced|bytes", converter = Converter.class,
      description = "what the protocols save where they can choose: rounds, bytes, or balanced (a round priced at"
          + " the paper's LAN; default); outputs are the same")
  WireGoal wire = WireGoal.DEFAULT;

  /** The chosen goal. */
  public WireGoal goal() {
    return wire;
  }

  /** picocli converter for {@code --wire}: {@link WireGoal#parse} (case-insensitive), not empty. */
  public static final class Converter implements CommandLine.ITypeConverter<WireGoal> {
    @Override
    public WireGoal convert(String value) {
      if (value.isBlank()) {
        throw new CommandLine.TypeConversionException("empty wire goal (rounds, balanced or bytes)");
      }
      try {
        return WireGoal.parse(value.trim());
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
