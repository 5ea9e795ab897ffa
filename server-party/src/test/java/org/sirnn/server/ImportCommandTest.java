package org.sirnn.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code server-party import}: the bundled imported models (models/gru-digits, lstm-digits, cell-digits) are exactly
 * what the command writes from the committed ONNX fixtures (examples/onnx), and bad input is a clear error with exit
 * code 2. Run from server-party/.
 */
class ImportCommandTest {
  private static final Path EXAMPLES = Path.of("..", "examples", "onnx");
  private static final Path MODELS = Path.of("..", "models");

  @TempDir
  Path tmp;

  private record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = new CommandLine(new ServerPartyMain()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
        .execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void theBundledImportsAreReproducible() throws Exception {
    for (String name : new String[] {"gru-digits", "lstm-digits", "cell-digits"}) {
      Path src = EXAMPLES.resolve(name);
      Result r = run("import", "--onnx", src.resolve("model.onnx").toString(), "--calibration",
          src.resolve("calibration.npy").toString(), "--name", name, "--out", tmp.toString());
      assertEquals(0, r.code(), r.err());
      assertTrue(r.out().startsWith("imported ") && r.out().contains("input [8, 8]"), r.out());
      for (String f : new String[] {"model.json", "weights.json", "float-weights.json"}) {
        assertArrayEquals(Files.readAllBytes(MODELS.resolve(name).resolve(f)),
            Files.readAllBytes(tmp.resolve(name).resolve(f)), name + "/" + f);
      }
    }
  }

  @Test
  void badInputIsAClearErrorWithExitCode2() throws Exception {
    Path gru = EXAMPLES.resolve("gru-digits");
    Result missing = run("import", "--onnx", tmp.resolve("none.onnx").toString(), "--calibration",
        gru.resolve("calibration.npy").toString(), "--name", "x", "--out", tmp.toString());
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("none.onnx: no such file"), missing.err());

    Result wrongCalibration = run("import", "--onnx", gru.resolve("model.onnx").toString(), "--calibration",
        EXAMPLES.resolve("conv-digits").resolve("calibration.npy").toString(), "--name", "x", "--out",
        tmp.toString());
    assertEquals(2, wrongCalibration.code());
    assertTrue(wrongCalibration.err().contains("expected [n, 8, 8]"), wrongCalibration.err());

    Result badName = run("import", "--onnx", gru.resolve("model.onnx").toString(), "--calibration",
        gru.resolve("calibration.npy").toString(), "--name", "../up", "--out", tmp.toString());
    assertEquals(2, badName.code());
    assertTrue(badName.err().contains("--name '../up'"), badName.err());

    Path junk = Files.write(tmp.resolve("junk.onnx"), new byte[] {1, 2, 3, 4, 5});
    Result notOnnx = run("import", "--onnx", junk.toString(), "--calibration",
        gru.resolve("calibration.npy").toString(), "--name", "x", "--out", tmp.toString());
    assertEquals(2, notOnnx.code(), notOnnx.err());
    assertTrue(notOnnx.err().startsWith("import: "), notOnnx.err());
  }
}
