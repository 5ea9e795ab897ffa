package org.sirnn.math;

import java.util.Locale;
import org.sirnn.mpc.Party;

/** The math functions a session can evaluate by name, with their secure implementations. */
public enum MathFunction {
  /** e^x for x <= 0 (inputs above 0 are read as their negation's exponent: SCI semantics). */
  EXP {
    @Override
    public long[] evaluate(Party p, long[] x, int bits, int sIn, int sOut) {
      return Exp.expNeg(p, x, bits, sIn, bits, sOut);
    }
  },
  SIGMOID {
    @Override
    public long[] evaluate(Party p, long[] x, int bits, int sIn, int sOut) {
      return Sigmoid.sigmoid(p, x, bits, sIn, bits, sOut);
    }
  },
  TANH {
    @Override
    public long[] evaluate(Party p, long[] x, int bits, int sIn, int sOut) {
      return Tanh.tanh(p, x, bits, sIn, bits, sOut);
    }
  },
  /** 1/sqrt(x) for x > 0 (the input's MSB is ignored: SCI semantics). */
  RSQRT {
    @Override
    public long[] evaluate(Party p, long[] x, int bits, int sIn, int sOut) {
      return Rsqrt.rsqrt(p, x, bits, sIn, bits, sOut);
    }
  };

  /** This party's output shares of f(x) for its input shares x (bits wide, scale sIn) at scale sOut. */
  public abstract long[] evaluate(Party p, long[] x, int bits, int sIn, int sOut);

  /** Case-insensitive lookup with a clear error listing the choices. */
  public static MathFunction parse(String name) {
    try {
      return valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown function '" + name + "'; available: "
          + java.util.Arrays.toString(values()).toLowerCase(Locale.ROOT));
    }
  }
}
