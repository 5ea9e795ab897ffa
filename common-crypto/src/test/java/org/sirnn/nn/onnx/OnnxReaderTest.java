package org.sirnn.nn.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sirnn.proto.onnx.TensorProto;

/** The reader on a real torch export and on the tensor encodings exporters use. */
class OnnxReaderTest {
  @Test
  void readsARealTorchExport() throws Exception {
    OnnxGraph g = OnnxReader.read(OnnxFixturesTest.FIXTURES.resolve("gru-digits/model.onnx"));
    assertEquals(17, g.opset());
    assertEquals(14, g.nodes().size());
    assertEquals(1, g.inputs().size());
    assertEquals("x", g.inputs().get(0).name());
    assertArrayEquals(new long[] {-1, 8, 8}, g.inputs().get(0).dims());
    assertEquals("logits", g.outputs().get(0).name());
    OnnxNode gru = g.nodes().stream().filter(n -> n.opType().equals("GRU")).findFirst().orElseThrow();
    assertEquals(16, gru.i("hidden_size", 0));
    assertEquals(1, gru.i("linear_before_reset", 0));
    assertEquals("", gru.input(4));
    OnnxTensor w = g.initializers().get(gru.input(1));
    assertArrayEquals(new int[] {1, 48, 8}, w.dims());
    assertTrue(!w.isInt() && w.toDoubles().length == 384);
    OnnxNode transpose = g.nodes().stream().filter(n -> n.opType().equals("Transpose")).findFirst().orElseThrow();
    assertArrayEquals(new long[] {1, 0, 2}, transpose.ints("perm"));
  }

  @Test
  void tensorEncodings() {
    ByteBuffer raw = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-3).putLong(1L << 40);
    OnnxTensor i64 = OnnxReader.tensor(TensorProto.newBuilder().setDataType(7).addDims(2)
        .setRawData(ByteString.copyFrom(raw.array())).build(), "t");
    assertArrayEquals(new long[] {-3, 1L << 40}, i64.toLongs());
    OnnxTensor f = OnnxReader.tensor(TensorProto.newBuilder().setDataType(1).addDims(1).addDims(2)
        .addAllFloatData(List.of(0.5f, -2f)).build(), "t");
    assertArrayEquals(new double[] {0.5, -2}, f.toDoubles());
    OnnxTensor d = OnnxReader.tensor(TensorProto.newBuilder().setDataType(11).addAllDoubleData(List.of(0.25))
        .build(), "t");
    assertArrayEquals(new int[0], d.dims());
    assertArrayEquals(new double[] {0.25}, d.toDoubles());
    OnnxTensor b = OnnxReader.tensor(TensorProto.newBuilder().setDataType(9).addDims(3)
        .setRawData(ByteString.copyFrom(new byte[] {1, 0, 1})).build(), "t");
    assertArrayEquals(new long[] {1, 0, 1}, b.toLongs());
    String m = assertThrows(IllegalArgumentException.class, () -> OnnxReader.tensor(TensorProto.newBuilder()
        .setDataType(1).addDims(3).addAllFloatData(List.of(1f)).build(), "init 'w'")).getMessage();
    assertEquals("init 'w': 1 values for 3 elements", m);
    m = assertThrows(IllegalArgumentException.class, () -> OnnxReader.tensor(TensorProto.newBuilder()
        .setDataType(8).build(), "init 's'")).getMessage();
    assertEquals("init 's': data type STRING is not supported", m);
  }

  @Test
  void notAnOnnxFile(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("junk.onnx");
    Files.write(f, new byte[] {(byte) 0xff, (byte) 0xff, 0x01});
    String m = assertThrows(IllegalArgumentException.class, () -> OnnxReader.read(f)).getMessage();
    assertTrue(m.startsWith(f + ": not an ONNX model"), m);
  }
}
