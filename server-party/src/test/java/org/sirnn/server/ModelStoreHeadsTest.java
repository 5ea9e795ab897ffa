package org.sirnn.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ModelStore serves Heads when {@code DIR/heads/face2} is present, validated on load. Run from server-party/. */
class ModelStoreHeadsTest {
  private static final Path MODELS = Path.of("..", "models");

  @TempDir
  Path tmp;

  @Test
  void loadsTheBundledHeadsModel() {
    ModelStore s = ModelStore.load(MODELS);
    assertNotNull(s.heads(), "models/heads/face2 is bundled");
    assertTrue(s.names().contains(ModelStore.HEADS), s.names().toString());
    assertEquals(240, s.heads().inputHeight());
    assertEquals(320, s.heads().inputWidth());
    assertEquals(14, s.heads().mbconv().size());
    // the other bundled models are still there
    assertTrue(s.names().contains("usps") && s.names().contains("google30"), s.names().toString());
  }

  @Test
  void noHeadsDirectoryMeansNoHeads() throws Exception {
    Files.createDirectories(tmp.resolve("other"));
    ModelStore s = ModelStore.load(tmp);
    assertNull(s.heads());
    assertFalse(s.names().contains(ModelStore.HEADS));
  }

  @Test
  void anIncompleteFace2FailsTheStartNamingTheFile() throws Exception {
    Path face2 = Files.createDirectories(tmp.resolve("heads").resolve("face2"));
    try (Stream<Path> files = Files.list(MODELS.resolve("heads").resolve("face2"))) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (!f.getFileName().toString().equals("mbconv7.json")) {
          Files.copy(f, face2.resolve(f.getFileName()));
        }
      }
    }
    Exception e = assertThrows(Exception.class, () -> ModelStore.load(tmp));
    String all = e + " " + e.getCause();
    assertTrue(all.contains("mbconv7.json"), all);
  }
}
