package org.sirnn.nn.onnx;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sirnn.proto.onnx.AttributeProto;
import org.sirnn.proto.onnx.GraphProto;
import org.sirnn.proto.onnx.ModelProto;
import org.sirnn.proto.onnx.NodeProto;
import org.sirnn.proto.onnx.OperatorSetIdProto;
import org.sirnn.proto.onnx.TensorProto;
import org.sirnn.proto.onnx.TensorShapeProto;
import org.sirnn.proto.onnx.ValueInfoProto;

/**
 * Reads an ONNX file (protobuf, our subset of ONNX's messages in onnx.proto) into an immutable {@link OnnxGraph}.
 * Tensors: float and double are read as doubles; int8/16/32/64, uint8/16/32, bool as longs; from raw_data
 * (little-endian) or the typed fields. External data, strings and other types are refused with an error naming the
 * tensor.
 */
public final class OnnxReader {
  private OnnxReader() {}

  /** Reads a file; errors name it. */
  public static OnnxGraph read(Path file) throws IOException {
    try {
      return fromProto(ModelProto.parseFrom(Files.readAllBytes(file)), file.toString());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(file + ": not an ONNX model (" + e.getMessage() + ")", e);
    }
  }

  /** The graph of a parsed model; {@code where} labels errors. */
  public static OnnxGraph fromProto(ModelProto m, String where) {
    if (!m.hasGraph()) {
      throw new IllegalArgumentException(where + ": the model has no graph");
    }
    long opset = 0;
    for (OperatorSetIdProto o : m.getOpsetImportList()) {
      if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
        opset = o.getVersion();
      }
    }
    GraphProto g = m.getGraph();
    Map<String, OnnxTensor> inits = new LinkedHashMap<>();
    for (TensorProto t : g.getInitializerList()) {
      inits.put(t.getName(), tensor(t, where + ": initializer '" + t.getName() + "'"));
    }
    List<OnnxNode> nodes = new ArrayList<>();
    for (NodeProto n : g.getNodeList()) {
      String at = where + ": node " + nodes.size() + " '" + n.getName() + "'";
      if (!n.getDomain().isEmpty() && !n.getDomain().equals("ai.onnx")) {
        throw new IllegalArgumentException(at + " (" + n.getOpType() + ") is in domain '" + n.getDomain()
            + "'; only the default ONNX domain is supported");
      }
      Map<String, Object> attrs = new LinkedHashMap<>();
      for (AttributeProto a : n.getAttributeList()) {
        attrs.put(a.getName(), attribute(a, at + " attribute '" + a.getName() + "'"));
      }
      nodes.add(new OnnxNode(nodes.size(), n.getName(), n.getOpType(), n.getInputList(), n.getOutputList(), attrs));
    }
    List<OnnxValueInfo> inputs = new ArrayList<>();
    for (ValueInfoProto v : g.getInputList()) {
      if (!inits.containsKey(v.getName())) {
        inputs.add(valueInfo(v));
      }
    }
    List<OnnxValueInfo> outputs = new ArrayList<>();
    g.getOutputList().forEach(v -> outputs.add(valueInfo(v)));
    return new OnnxGraph(nodes, inits, inputs, outputs, opset);
  }

  private static OnnxValueInfo valueInfo(ValueInfoProto v) {
    List<TensorShapeProto.Dimension> dims = v.getType().getTensorType().getShape().getDimList();
    long[] d = new long[dims.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = dims.get(i).hasDimValue() ? dims.get(i).getDimValue() : -1;
    }
    return new OnnxValueInfo(v.getName(), d);
  }

  private static Object attribute(AttributeProto a, String where) {
    return switch (a.getType()) {
      case FLOAT -> (double) a.getF();
      case INT -> a.getI();
      case STRING -> a.getS().toStringUtf8();
      case TENSOR -> tensor(a.getT(), where);
      case FLOATS -> a.getFloatsList().stream().mapToDouble(Float::doubleValue).toArray();
      case INTS -> a.getIntsList().stream().mapToLong(Long::longValue).toArray();
      case STRINGS -> a.getStringsList().stream().map(ByteString::toStringUtf8).toList();
      default -> throw new IllegalArgumentException(where + ": attribute type " + a.getType() + " is not supported");
    };
  }

  /** A tensor's values; errors name it. */
  static OnnxTensor tensor(TensorProto t, String where) {
    if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
      throw new IllegalArgumentException(where + ": external tensor data is not supported (save the model with"
          + " its weights inside)");
    }
    int[] dims = new int[t.getDimsCount()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = Math.toIntExact(t.getDims(i));
    }
    int n = OnnxTensor.size(dims);
    TensorProto.DataType type = TensorProto.DataType.forNumber(t.getDataType());
    if (type == null) {
      throw new IllegalArgumentException(where + ": data type " + t.getDataType() + " is not supported");
    }
    boolean raw = t.hasRawData();
    ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    int width = switch (type) {
      case FLOAT, INT32, UINT32 -> 4;
      case DOUBLE, INT64, UINT64 -> 8;
      case INT16, UINT16 -> 2;
      case INT8, UINT8, BOOL -> 1;
      default -> throw new IllegalArgumentException(where + ": data type " + type + " is not supported");
    };
    if (raw && b.remaining() != (long) n * width) {
      throw new IllegalArgumentException(where + ": raw data has " + b.remaining() + " bytes, expected " + n * width);
    }
    return switch (type) {
      case FLOAT -> OnnxTensor.ofFloats(dims, floats(n, raw ? i -> b.getFloat(4 * i) : t::getFloatData,
          raw ? n : t.getFloatDataCount(), where));
      case DOUBLE -> OnnxTensor.ofFloats(dims, floats(n, raw ? i -> b.getDouble(8 * i) : t::getDoubleData,
          raw ? n : t.getDoubleDataCount(), where));
      case INT64 -> OnnxTensor.ofInts(dims, longs(n, raw ? i -> b.getLong(8 * i) : t::getInt64Data,
          raw ? n : t.getInt64DataCount(), where));
      case UINT64 -> OnnxTensor.ofInts(dims, longs(n, raw ? i -> b.getLong(8 * i) : t::getUint64Data,
          raw ? n : t.getUint64DataCount(), where));
      case INT32 -> OnnxTensor.ofInts(dims, longs(n, raw ? i -> b.getInt(4 * i) : t::getInt32Data,
          raw ? n : t.getInt32DataCount(), where));
      case UINT32 -> OnnxTensor.ofInts(dims, longs(n, raw ? i -> b.getInt(4 * i) & 0xffffffffL
          : i -> t.getUint64Data(i), raw ? n : t.getUint64DataCount(), where));
      case INT16 -> OnnxTensor.ofInts(dims, longs(n, raw ? i -> b.getShort(2 * i) : t::getInt32Data,
          raw ? n : t.getInt32DataCount(), where));
      case UINT16 -> OnnxTensor.ofInts(dims, longs(n, raw ? i -> b.getShort(2 * i) & 0xffff : t::getInt32Data,
          raw ? n : t.getInt32DataCount(), where));
      case INT8 -> OnnxTensor.ofInts(dims, longs(n, raw ? i -> b.get(i) : t::getInt32Data,
          raw ? n : t.getInt32DataCount(), where));
      default -> OnnxTensor.ofInts(dims, longs(n, raw ? i -> b.get(i) & 0xff : t::getInt32Data,
          raw ? n : t.getInt32DataCount(), where));
    };
  }

  private static double[] floats(int n, java.util.function.IntToDoubleFunction at, int have, String where) {
    count(n, have, where);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = at.applyAsDouble(i);
    }
    return v;
  }

  private static long[] longs(int n, java.util.function.IntToLongFunction at, int have, String where) {
    count(n, have, where);
    long[] v = new long[n];
    for (int i = 0; i < n; i++) {
      v[i] = at.applyAsLong(i);
    }
    return v;
  }

  private static void count(int n, int have, String where) {
    if (n != have) {
      throw new IllegalArgumentException(where + ": " + have + " values for " + n + " elements");
    }
  }
}
