package org.sirnn.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sirnn.nn.runtime.ModelRepository;
import org.sirnn.nn.runtime.ServedModel;

/**
 * The repository loads every bundled model for the server (validated at start), the client side reads only public
 * metadata, and both sides build plans with equal fingerprints. Run from server-party/.
 */
class ModelRepositoryLoadTest {
  private static final Path MODELS = Path.of("..", "models");

  @TempDir
  Path tmp;

  @Test
  void serverLoadsEveryBundledModel_clientBuildsTheSamePlans() {
    ModelRepository server = ModelRepository.open(MODELS, ModelRepository.Holder.SERVER).loadAll();
    assertTrue(server.names().containsAll(List.of("google30", "google30-fused", "google13", "usps",
        "industrial72-standin", "heads", "sigmoid-q12", "tanh-q12", "exp-q12")), server.names().toString());
    ModelRepository client = ModelRepository.open(MODELS, ModelRepository.Holder.CLIENT);
    for (String name : server.names()) {
      ServedModel s = server.get(name);
      ServedModel c = client.get(name);
      assertTrue(s.hasWeights(), name);
      assertArrayEquals(s.plan().fingerprint(), c.plan().fingerprint(), name);
    }
    assertFalse(client.get("heads").hasWeights(), "the client holds Heads' public view only");
    assertFalse(client.get("google30").hasWeights());
    assertArrayEquals(new int[] {240, 320}, server.get("heads").plan().inputShape());
    assertFalse(java.util.Arrays.equals(server.get("google30").plan().fingerprint(),
        server.get("google30-fused").plan().fingerprint()), "fusing changes the computation");
  }

  @Test
  void theClientNeedsOnlyModelJson() throws Exception {
    for (String name : new String[] {"google30", "usps"}) {
      Files.createDirectories(tmp.resolve(name));
      Files.copy(MODELS.resolve(name).resolve("model.json"), tmp.resolve(name).resolve("model.json"));
    }
    ModelRepository client = ModelRepository.open(tmp, ModelRepository.Holder.CLIENT);
    ModelRepository server = ModelRepository.open(MODELS, ModelRepository.Holder.SERVER);
    for (String name : new String[] {"google30", "usps"}) {
      assertArrayEquals(server.get(name).plan().fingerprint(), client.get(name).plan().fingerprint(), name);
    }
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> client.get("usps").twin(
        new long[client.get("usps").plan().inputCols()], 1));
    assertTrue(e.getMessage().contains("without its weights"), e.getMessage());
  }

  @Test
  void unknownNamesListTheAvailableOnes() {
    ModelRepository r = ModelRepository.open(MODELS, ModelRepository.Holder.CLIENT);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.get("nope"));
    assertTrue(e.getMessage().contains("no model named 'nope'") && e.getMessage().contains("google13"),
        e.getMessage());
  }

  @Test
  void aModelJsonNamingAnotherModelIsRefused() throws Exception {
    Files.createDirectories(tmp.resolve("renamed"));
    Files.copy(MODELS.resolve("usps").resolve("model.json"), tmp.resolve("renamed").resolve("model.json"));
    ModelRepository r = ModelRepository.open(tmp, ModelRepository.Holder.CLIENT);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.get("renamed"));
    assertTrue(e.getMessage().contains("names model 'usps'"), e.getMessage());
  }

  @Test
  void anIncompleteFace2FailsTheStartNamingTheFile() throws Exception {
    Path heads = Files.createDirectories(tmp.resolve("heads"));
    Files.copy(MODELS.resolve("heads").resolve("model.json"), heads.resolve("model.json"));
    Path face2 = Files.createDirectories(heads.resolve("face2"));
    try (Stream<Path> files = Files.list(MODELS.resolve("heads").resolve("face2"))) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (!f.getFileName().toString().equals("mbconv7.json")) {
          Files.copy(f, face2.resolve(f.getFileName()));
        }
      }
    }
    Exception e = assertThrows(Exception.class, () -> ModelRepository.open(tmp, ModelRepository.Holder.SERVER)
        .loadAll());
    String all = e + " " + e.getCause();
    assertTrue(all.contains("mbconv7.json"), all);
  }
}
