package org.sirnn.nn.runtime;

import org.sirnn.nn.ops.Workers;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Command-line mix-in {@code --threads N} (default 1) of the commands that run sessions: the workers per party of a
 * session (SCI's {@code nt}). With N &gt; 1 every large batched protocol runs as up to N slices in lanes side by side,
 * each with its own thread, channel lane and OT extension views ({@link org.sirnn.nn.ops.SplitKernels}); the
 * results are the same bit for bit. The client proposes N in the session header; server-party accepts up to its own
 * {@code --threads} ({@link SessionRunner}). With {@code --ot ferret} the count is ignored (Ferret lanes take COT
 * regions sized per fork site, which the slicing's shared sites would mostly waste; see
 * {@link org.sirnn.nn.ops.SecureKernels#effectiveWorkers}).
 */
public final class ThreadsOption {
  @Option(names = "--threads", paramLabel = "N", converter = Converter.class,
      description = "workers per party: large batched protocols split across N threads, each with its own OT"
          + " extension and stream (server-party: the most a session may ask for; default: 1)")
  int threads = 1;

  /** The chosen count (1 to {@link Workers#MAX}). */
  public int threads() {
    return threads;
  }

  /** picocli converter for {@code --threads}: 1 to {@link Workers#MAX}. */
  public static final class Converter implements CommandLine.ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      try {
        return Workers.check(Integer.parseInt(value.trim()));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e instanceof NumberFormatException
            ? "'" + OtOption.sanitise(value) + "' is not a number" : e.getMessage());
      }
    }
  }
}
