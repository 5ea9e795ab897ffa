package org.sirnn.nn.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;

/** onnxruntime as the float oracle of the import tests: runs an ONNX model (file bytes) on float inputs. */
final class OrtOracle {
  private OrtOracle() {}

  /** The first output, flattened, for the input {@code x} of shape {@code shape} (float32). */
  static float[] run(byte[] model, double[] x, long[] shape) throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    float[] f = new float[x.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) x[i];
    }
    try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
      o.setIntraOpNumThreads(1);
      try (OrtSession s = env.createSession(model, o);
          ai.onnxruntime.OnnxTensor in = ai.onnxruntime.OnnxTensor.createTensor(env, FloatBuffer.wrap(f), shape);
          OrtSession.Result r = s.run(Map.of(s.getInputNames().iterator().next(), in))) {
        ai.onnxruntime.OnnxTensor out = (ai.onnxruntime.OnnxTensor) r.get(0);
        if (out.getInfo().type == ai.onnxruntime.OnnxJavaType.INT64) {
          long[] l = out.getLongBuffer().array();
          float[] v = new float[l.length];
          for (int i = 0; i < l.length; i++) {
            v[i] = l[i];
          }
          return v;
        }
        FloatBuffer b = out.getFloatBuffer();
        float[] v = new float[b.remaining()];
        b.get(v);
        return v;
      }
    }
  }

  /** Largest |a - b|. */
  static double maxDiff(double[] a, float[] b) {
    if (a.length != b.length) {
      throw new AssertionError(a.length + " values vs onnxruntime's " + b.length);
    }
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }
}
