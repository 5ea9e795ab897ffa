package org.sirnn.client.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.sirnn.client.JsonOutput;
import java.io.PrintStream;

/** Writes benchmark results as one JSON object per line (the ARCHITECTURE.md contract: bench, op, n, ...). */
public final class JsonLines {
  private final PrintStream out;

  public JsonLines(PrintStream out) {
    this.out = out;
  }

  /** A row with the contract's leading fields filled; callers add the rest. */
  public static ObjectNode row(String bench, String op, long n, int bitwidth) {
    ObjectNode o = JsonOutput.object();
    o.put("bench", bench);
    o.put("op", op);
    o.put("n", n);
    o.put("bitwidth", bitwidth);
    o.putNull("scale_in");
    o.putNull("scale_out");
    return o;
  }

  public void print(ObjectNode row) {
    out.println(JsonOutput.text(row));
    out.flush();
  }
}
