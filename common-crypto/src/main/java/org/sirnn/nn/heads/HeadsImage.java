package org.sirnn.nn.heads;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.sirnn.nn.model.Npy;

/**
 * One of the Heads sample files ({@code classroom.npy}, {@code group.npy}; README "Files"): float64, shape
 * (1, 94800); columns 0..17999 are the float model's output, columns 18000..94799 the 240 x 320 image
 * (row-major, grey level - 117.312).
 */
public record HeadsImage(double[] floatReference, double[] pixels, int height, int width) {
  /** Image size of the files. */
  public static final int HEIGHT = 240;
  public static final int WIDTH = 320;

  /** Reads a sample file; errors name it. */
  public static HeadsImage read(Path npy) throws IOException {
    Npy.Array a = Npy.read(npy);
    double[] v = a.values();
    int want = HeadsOutputLayout.SIZE + HEIGHT * WIDTH;
    if (v.length != want) {
      throw new IllegalArgumentException(npy + ": " + v.length + " values (shape " + Arrays.toString(a.shape())
          + "), expected " + want);
    }
    return new HeadsImage(Arrays.copyOf(v, HeadsOutputLayout.SIZE),
        Arrays.copyOfRange(v, HeadsOutputLayout.SIZE, want), HEIGHT, WIDTH);
  }

  /**
   * The int8 network input (README "The network", input): q = int8(trunc(pixel * 2^-1)), C's double-to-int
   * conversion truncating toward zero, then a wrapping int8 store.
   */
  public IntTensor quantise() {
    int[] q = new int[pixels.length];
    for (int i = 0; i < q.length; i++) {
      q[i] = EdgeIntOps.int8((long) (pixels[i] * 0.5));
    }
    return new IntTensor(height, width, 1, q);
  }
}
