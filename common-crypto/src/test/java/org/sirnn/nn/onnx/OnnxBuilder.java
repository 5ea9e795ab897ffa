package org.sirnn.nn.onnx;

import java.util.SplittableRandom;
import org.sirnn.proto.onnx.AttributeProto;
import org.sirnn.proto.onnx.GraphProto;
import org.sirnn.proto.onnx.ModelProto;
import org.sirnn.proto.onnx.NodeProto;
import org.sirnn.proto.onnx.OperatorSetIdProto;
import org.sirnn.proto.onnx.TensorProto;
import org.sirnn.proto.onnx.TensorShapeProto;
import org.sirnn.proto.onnx.TypeProto;
import org.sirnn.proto.onnx.ValueInfoProto;

/** Builds small ONNX models in tests with the generated proto classes (opset 17, float32 input with a batch dim). */
final class OnnxBuilder {
  private final GraphProto.Builder g = GraphProto.newBuilder().setName("test");
  private final SplittableRandom rnd;
  private int nodes;

  OnnxBuilder(long seed) {
    rnd = new SplittableRandom(seed);
  }

  /** The float input "x" of shape [batch, dims...]. */
  OnnxBuilder input(long... dims) {
    TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
    s.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"));
    for (long d : dims) {
      s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    g.addInput(ValueInfoProto.newBuilder().setName("x").setType(TypeProto.newBuilder().setTensorType(
        TypeProto.Tensor.newBuilder().setElemType(1).setShape(s))));
    return this;
  }

  /** The graph output, float (shape left unknown). */
  OnnxBuilder output(String name) {
    return output(name, 1);
  }

  /** The graph output of ONNX element type {@code elemType} (1 float, 7 int64). */
  OnnxBuilder output(String name, int elemType) {
    g.addOutput(ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
        TypeProto.Tensor.newBuilder().setElemType(elemType))));
    return this;
  }

  /** A float initializer with the given values (raw_data, little-endian, as exporters write it). */
  OnnxBuilder init(String name, float[] v, long... dims) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * v.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (float f : v) {
      b.putFloat(f);
    }
    g.addInitializer(TensorProto.newBuilder().setName(name).setDataType(1).addAllDims(list(dims))
        .setRawData(com.google.protobuf.ByteString.copyFrom(b.array())));
    return this;
  }

  /** A float initializer of uniform values in +-scale. */
  OnnxBuilder random(String name, double scale, long... dims) {
    int n = 1;
    for (long d : dims) {
      n *= (int) d;
    }
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) ((rnd.nextDouble() * 2 - 1) * scale);
    }
    return init(name, v, dims);
  }

  /** An int64 initializer (int64_data, the typed field). */
  OnnxBuilder ints(String name, long[] v, long... dims) {
    g.addInitializer(TensorProto.newBuilder().setName(name).setDataType(7).addAllDims(list(dims))
        .addAllInt64Data(list(v)));
    return this;
  }

  /** A node; attributes as name/value pairs (Long, Double, String, long[], double[]). */
  OnnxBuilder node(String op, String[] in, String[] out, Object... attrs) {
    NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(op.toLowerCase() + "_" + nodes++);
    for (String s : in) {
      n.addInput(s);
    }
    for (String s : out) {
      n.addOutput(s);
    }
    for (int i = 0; i < attrs.length; i += 2) {
      AttributeProto.Builder a = AttributeProto.newBuilder().setName((String) attrs[i]);
      Object v = attrs[i + 1];
      if (v instanceof Long l) {
        a.setType(AttributeProto.AttributeType.INT).setI(l);
      } else if (v instanceof Integer k) {
        a.setType(AttributeProto.AttributeType.INT).setI(k);
      } else if (v instanceof Double d) {
        a.setType(AttributeProto.AttributeType.FLOAT).setF(d.floatValue());
      } else if (v instanceof String s) {
        a.setType(AttributeProto.AttributeType.STRING).setS(com.google.protobuf.ByteString.copyFromUtf8(s));
      } else if (v instanceof long[] l) {
        a.setType(AttributeProto.AttributeType.INTS).addAllInts(list(l));
      } else if (v instanceof String[] ss) {
        a.setType(AttributeProto.AttributeType.STRINGS);
        for (String s : ss) {
          a.addStrings(com.google.protobuf.ByteString.copyFromUtf8(s));
        }
      } else {
        throw new IllegalArgumentException("attribute type of " + v);
      }
      n.addAttribute(a);
    }
    g.addNode(n);
    return this;
  }

  /** One input, one output. */
  OnnxBuilder node(String op, String in, String out, Object... attrs) {
    return node(op, new String[] {in}, new String[] {out}, attrs);
  }

  byte[] bytes() {
    return ModelProto.newBuilder().setIrVersion(8).setProducerName("sirnn-test")
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17)).setGraph(g).build()
        .toByteArray();
  }

  private static java.util.List<Long> list(long[] v) {
    java.util.List<Long> l = new java.util.ArrayList<>();
    for (long x : v) {
      l.add(x);
    }
    return l;
  }
}
