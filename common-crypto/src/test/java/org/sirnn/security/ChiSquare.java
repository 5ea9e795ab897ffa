package org.sirnn.security;

/** Pearson's chi-square goodness-of-fit test against the uniform distribution, with its p-value. */
final class ChiSquare {
  private ChiSquare() {}

  /** The statistic of {@code counts} against equal expected counts. */
  static double statistic(long[] counts) {
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    double expected = (double) total / counts.length;
    double chi2 = 0;
    for (long c : counts) {
      double d = c - expected;
      chi2 += d * d / expected;
    }
    return chi2;
  }

  /** P(X >= chi2) for X chi-square with {@code df} degrees of freedom: Q(df/2, chi2/2). */
  static double pValue(double chi2, int df) {
    return upperRegularizedGamma(df / 2.0, chi2 / 2.0);
  }

  /** Q(a, x) = Gamma(a, x) / Gamma(a) (Numerical Recipes 6.2: series for x < a + 1, continued fraction otherwise). */
  static double upperRegularizedGamma(double a, double x) {
    if (x <= 0) {
      return 1.0;
    }
    if (x < a + 1) {
      double sum = 1.0 / a;
      double term = sum;
      for (int n = 1; n < 10_000; n++) {
        term *= x / (a + n);
        sum += term;
        if (Math.abs(term) < Math.abs(sum) * 1e-15) {
          break;
        }
      }
      return 1.0 - sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
    }
    double tiny = 1e-300;
    double b = x + 1 - a;
    double c = 1 / tiny;
    double d = 1 / b;
    double h = d;
    for (int i = 1; i < 10_000; i++) {
      double an = -i * (i - a);
      b += 2;
      d = an * d + b;
      if (Math.abs(d) < tiny) {
        d = tiny;
      }
      c = b + an / c;
      if (Math.abs(c) < tiny) {
        c = tiny;
      }
      d = 1 / d;
      double del = d * c;
      h *= del;
      if (Math.abs(del - 1) < 1e-15) {
        break;
      }
    }
    return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
  }

  /** ln Gamma(x) for x > 0 (Lanczos, g = 7, n = 9; about 15 significant digits). */
  static double logGamma(double x) {
    double[] g = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
        1.5056327351493116e-7};
    if (x < 0.5) {
      return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
    }
    x -= 1;
    double a = g[0];
    double t = x + 7.5;
    for (int i = 1; i < 9; i++) {
      a += g[i] / (x + i);
    }
    return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
  }
}
