package org.sirnn.nn.heads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading face2/*.json: shapes, the README's weight count, and errors that name file and key. */
class HeadsWeightsTest {
  @Test
  void loadsTheWholeModel() throws IOException {
    Path face2 = HeadsTestData.dir("heads").resolve("face2");
    HeadsModel m = HeadsWeights.load(face2);
    assertEquals(120, m.conv1().outHeight(240));
    assertEquals(160, m.conv1().outWidth(320));
    assertEquals(32768, m.conv1().divisor());
    assertEquals(64, m.rnnPool().outChannels());
    assertEquals(15, m.block(9).hout());
    assertEquals(128, m.block(12).cout());
    assertTrue(m.head(1).maxOutBackground());
    assertEquals(-12, m.head(3).l2ScaleIn());
    long count = 0;
    String[] files = {"conv2D", "rnn1", "rnn2", "detection1", "detection2", "detection3", "detection4"};
    for (String f : files) {
      count += tensorValues(face2.resolve(f + ".json"));
    }
    for (int l = 1; l <= 14; l++) {
      count += tensorValues(face2.resolve("mbconv" + l + ".json"));
    }
    assertEquals(338534, count, "README: 338,534 weight numbers in the 21 headers");
  }

  private static long tensorValues(Path file) throws IOException {
    HeaderJson h = HeaderJson.read(file);
    long n = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = h.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isObject()) {
        n += h.tensor(e.getKey()).values().length;
      }
    }
    return n;
  }

  @Test
  void errorsNameFileAndKey(@TempDir Path tmp) throws IOException {
    Path face2 = HeadsTestData.dir("heads").resolve("face2");
    Path copy = tmp.resolve("face2");
    Files.createDirectories(copy);
    try (var s = Files.list(face2)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Files.copy(p, copy.resolve(p.getFileName()));
      }
    }
    Path m3 = copy.resolve("mbconv3.json");
    Files.writeString(m3, Files.readString(m3).replace("\"L3_ShRU1\"", "\"L3_ShRU1_gone\""));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HeadsWeights.load(copy));
    assertTrue(e.getMessage().contains("mbconv3.json") && e.getMessage().contains("L3_ShRU1"), e.getMessage());

    Files.copy(face2.resolve("mbconv3.json"), m3, StandardCopyOption.REPLACE_EXISTING);
    Path r1 = copy.resolve("rnn1.json");
    Files.writeString(r1, Files.readString(r1).replace("\"W1\": {\"type\":\"Q15\",\"shape\":[16,4]",
        "\"W1\": {\"type\":\"Q15\",\"shape\":[16,5]"));
    e = assertThrows(IllegalArgumentException.class, () -> HeadsWeights.load(copy));
    assertTrue(e.getMessage().contains("rnn1.json") && e.getMessage().contains("W1"), e.getMessage());

    Files.copy(face2.resolve("rnn1.json"), r1, StandardCopyOption.REPLACE_EXISTING);
    Path ex = copy.resolve("exp_tables.json");
    Files.writeString(ex, Files.readString(ex).replaceFirst("16384", "16383"));
    e = assertThrows(IllegalArgumentException.class, () -> HeadsWeights.load(copy));
    assertTrue(e.getMessage().contains("exp_tables.json") && e.getMessage().contains("exp_table_A"),
        e.getMessage());
  }
}
