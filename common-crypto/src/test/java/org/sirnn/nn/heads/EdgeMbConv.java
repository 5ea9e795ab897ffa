package org.sirnn.nn.heads;

import java.util.Arrays;

/**
 * One MBConv block in EdgeML integers (README "MBConv block L"), computed as "expand the whole map, then the
 * depthwise convolution with zero padding, then project", which the README states equals the C code's 3-row
 * ring buffer (except for the L10/L11 aliasing, {@link HeadsBufferQuirk}). Widths come from
 * {@link MbConvSpec#widths()}:
 * <ul>
 *   <li>expand: s = sum_c x[c] F1[c][k] (acc); t = tmp((s ShLU1) / ShRU1 + B1[k]); v = tmp(t W1[k]);
 *       v = clamp(v, 0, Limit1); e = buf((v ShLX1) / ShRX1);</li>
 *   <li>depthwise: s = sum of the 3x3 taps e F2[k][i][j] (acc), then the same four steps with B2, W2, Limit2,
 *       ShLU2/ShRU2, ShLX2/ShRX2, giving d;</li>
 *   <li>project: s = sum_k d[k] F3[k][o] (acc); t = tmp((s ShLU3) / ShRU3 + B3[o]);
 *       y = out(int32(t W3[o] ShLW3) / ShRW3), no clamp.</li>
 * </ul>
 */
public final class EdgeMbConv {
  private EdgeMbConv() {}

  /** The block's output and its full expansion map e (H x W x CTEMP, buf width), kept for the quirk. */
  public record Result(IntTensor out, IntTensor expansion) {}

  /** Runs the block (without the residual add). */
  public static Result apply(IntTensor x, MbConvSpec s) {
    if (x.h() != s.h() || x.w() != s.w() || x.c() != s.cin()) {
      throw new IllegalArgumentException("MBConv L" + s.block() + ": input " + x.h() + "x" + x.w() + "x" + x.c()
          + ", expected " + s.h() + "x" + s.w() + "x" + s.cin());
    }
    MbConvSpec.Widths wd = s.widths();
    int ct = s.ctemp();
    IntTensor e = IntTensor.zeros(s.h(), s.w(), ct);
    long[] acc = new long[ct];
    for (int p = 0; p < s.h() * s.w(); p++) {
      Arrays.fill(acc, 0);
      int xb = p * s.cin();
      for (int c = 0; c < s.cin(); c++) {
        long xv = x.data()[xb + c];
        if (xv == 0) {
          continue;
        }
        int fb = c * ct;
        for (int k = 0; k < ct; k++) {
          acc[k] += xv * s.f1()[fb + k];
        }
      }
      for (int k = 0; k < ct; k++) {
        e.data()[p * ct + k] = bnRelu(acc[k], wd, s.shLU1(), s.shRU1(), s.b1()[k], s.w1()[k], s.limit1(),
            s.shLX1(), s.shRX1());
      }
    }
    IntTensor d = IntTensor.zeros(s.hout(), s.wout(), ct);
    for (int r = 0; r < s.hout(); r++) {
      for (int col = 0; col < s.wout(); col++) {
        for (int k = 0; k < ct; k++) {
          long sum = 0;
          for (int i = 0; i < 3; i++) {
            int ir = r * s.stride() - s.pad() + i;
            if (ir < 0 || ir >= s.h()) {
              continue;
            }
            for (int j = 0; j < 3; j++) {
              int ic = col * s.stride() - s.pad() + j;
              if (ic < 0 || ic >= s.w()) {
                continue;
              }
              sum += (long) e.get(ir, ic, k) * s.f2()[k * 9 + i * 3 + j];
            }
          }
          d.set(r, col, k, bnRelu(sum, wd, s.shLU2(), s.shRU2(), s.b2()[k], s.w2()[k], s.limit2(), s.shLX2(),
              s.shRX2()));
        }
      }
    }
    IntTensor y = IntTensor.zeros(s.hout(), s.wout(), s.cout());
    long[] pacc = new long[s.cout()];
    for (int p = 0; p < s.hout() * s.wout(); p++) {
      Arrays.fill(pacc, 0);
      for (int k = 0; k < ct; k++) {
        long dv = d.data()[p * ct + k];
        if (dv == 0) {
          continue;
        }
        int fb = k * s.cout();
        for (int o = 0; o < s.cout(); o++) {
          pacc[o] += dv * s.f3()[fb + o];
        }
      }
      for (int o = 0; o < s.cout(); o++) {
        long a = EdgeIntOps.wrap(EdgeIntOps.wrap(pacc[o], wd.acc()) * s.shLU3(), wd.acc());
        long t = EdgeIntOps.wrap(EdgeIntOps.div(a, s.shRU3()) + s.b3()[o], wd.tmp());
        long prod = EdgeIntOps.wrap(t * s.w3()[o] * s.shLW3(), 32);
        y.data()[p * s.cout() + o] = (int) EdgeIntOps.wrap(EdgeIntOps.div(prod, s.shRW3()), wd.out());
      }
    }
    return new Result(y, e);
  }

  /** The expand/depthwise epilogue: scale + bias, per-channel weight, ReLU6 clamp, rescale to the buffer width. */
  private static int bnRelu(long sum, MbConvSpec.Widths wd, int shl, int shr, int bias, int weight, long limit,
      int shlx, int shrx) {
    long a = EdgeIntOps.wrap(EdgeIntOps.wrap(sum, wd.acc()) * shl, wd.acc());
    long t = EdgeIntOps.wrap(EdgeIntOps.div(a, shr) + bias, wd.tmp());
    long v = EdgeIntOps.wrap(t * weight, wd.tmp());
    v = EdgeIntOps.clamp(v, 0, limit);
    return (int) EdgeIntOps.wrap(EdgeIntOps.div(EdgeIntOps.wrap(v * shlx, wd.tmp()), shrx), wd.buf());
  }

  /** Residual(A, B, L) = A / (Scten1 Scret) + B / (Scten2 Scret), stored at the block's out width. */
  public static IntTensor residual(IntTensor a, IntTensor b, MbConvSpec s) {
    MbConvSpec.Residual r = s.residual();
    if (r == null) {
      throw new IllegalArgumentException("MBConv L" + s.block() + " has no residual");
    }
    long da = (long) r.scten1() * r.scret();
    long db = (long) r.scten2() * r.scret();
    int[] out = new int[a.data().length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (int) EdgeIntOps.wrap(EdgeIntOps.div(a.data()[i], da) + EdgeIntOps.div(b.data()[i], db),
          s.widths().out());
    }
    return new IntTensor(a.h(), a.w(), a.c(), out);
  }
}
