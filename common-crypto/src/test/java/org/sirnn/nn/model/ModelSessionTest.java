package org.sirnn.nn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sirnn.net.ProtocolAbortException;
import org.sirnn.nn.ops.RealTensor;
import org.sirnn.nn.quant.Quantiser;
import org.sirnn.test.Parties;

/** The session header: a client whose plan differs from the server's is refused before any protocol runs. */
class ModelSessionTest {

  @Test
  void differentPlansAreRefusedWithIncompatible() {
    FloatModel m = ArchitecturesSecureTest.randomModel("gru", GruNet.KIND, Map.of("steps", 2, "features", 3,
        "hidden", 4, "classes", 2));
    Architecture a = m.architecture();
    Quantiser.Quantised q = Quantiser.quantise(m, new RealTensor(ArchitecturesSecureTest.randomInputs(8,
        a.inputCols(), 1), 8, a.inputCols()), Quantiser.Options.defaults());
    ModelSpec s = q.spec();
    Map<String, Integer> ops = new LinkedHashMap<>(s.opScales());
    ops.put("h", ops.get("h") - 1); // one op scale differs: a different plan
    ModelSpec other = new ModelSpec(s.name(), s.kind(), s.description(), s.dims(), s.bits(), s.inputScale(),
        s.tensors(), ops, s.labels());
    long[] x = new long[a.inputCols()];
    ProtocolAbortException e = assertThrows(ProtocolAbortException.class, () -> Parties.run(p -> {
      ModelSession.serve(p, s, q.weights());
      return null;
    }, p -> ModelSession.infer(p, other, x, 1), 30));
    assertEquals(ProtocolAbortException.Reason.INCOMPATIBLE, e.reason());
    assertTrue(e.getMessage().contains("fingerprints differ"), e.getMessage());
  }

  @Test
  void fingerprintIgnoresDescriptionAndLabelsButNotScales() {
    FloatModel m = ArchitecturesSecureTest.randomModel("lstm", LstmNet.KIND, Map.of("steps", 2, "features", 3,
        "hidden", 4, "classes", 2));
    Architecture a = m.architecture();
    ModelSpec s = Quantiser.quantise(m, new RealTensor(ArchitecturesSecureTest.randomInputs(8, a.inputCols(), 1), 8,
        a.inputCols()), Quantiser.Options.defaults()).spec();
    ModelSpec relabelled = new ModelSpec(s.name(), s.kind(), "another description", s.dims(), s.bits(),
        s.inputScale(), s.tensors(), s.opScales(), java.util.List.of("a", "b"));
    ModelSpec rescaled = new ModelSpec(s.name(), s.kind(), s.description(), s.dims(), s.bits(), s.inputScale() - 1,
        s.tensors(), s.opScales(), s.labels());
    assertTrue(java.util.Arrays.equals(s.fingerprint(), relabelled.fingerprint()));
    assertTrue(!java.util.Arrays.equals(s.fingerprint(), rescaled.fingerprint()));
  }

  @Test
  void batchOutsideTheLimitIsRejectedByTheClient() {
    FloatModel m = ArchitecturesSecureTest.randomModel("gru", GruNet.KIND, Map.of("steps", 2, "features", 3,
        "hidden", 4, "classes", 2));
    ModelSpec s = m.skeleton(16);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ModelSession.infer(null, s, new long[0], 0));
    assertTrue(e.getMessage().contains("batch 0"), e.getMessage());
  }
}
