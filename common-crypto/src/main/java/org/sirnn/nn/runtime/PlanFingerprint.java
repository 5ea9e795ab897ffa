package org.sirnn.nn.runtime;

import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * SHA-256 over a canonical text of what a plan computes: a kind tag, then named values (shapes, scales,
 * bitwidths, rounding, chunking), and optionally whole public structures (records, lists, maps and arrays walked in
 * declaration order). Two parties with equal fingerprints run the same computation; a difference in any listed
 * item changes the digest.
 */
public final class PlanFingerprint {
  private final StringBuilder text = new StringBuilder();

  private PlanFingerprint(String kind) {
    text.append("sirnn-plan/1 ").append(kind).append('\n');
  }

  /** A fingerprint of a plan of this kind (e.g. "google30", "heads", "math"). */
  public static PlanFingerprint of(String kind) {
    return new PlanFingerprint(kind);
  }

  /** Adds a named value. */
  public PlanFingerprint with(String key, Object value) {
    text.append(key).append(" = ");
    append(value);
    text.append('\n');
    return this;
  }

  /** The digest (32 bytes). */
  public byte[] digest() {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private void append(Object v) {
    if (v == null) {
      text.append("null");
    } else if (v instanceof Record r) {
      text.append(r.getClass().getSimpleName()).append('{');
      for (RecordComponent c : r.getClass().getRecordComponents()) {
        text.append(c.getName()).append(':');
        try {
          append(c.getAccessor().invoke(r));
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException("fingerprint of " + r.getClass().getName() + "." + c.getName(), e);
        }
        text.append(';');
      }
      text.append('}');
    } else if (v.getClass().isArray()) {
      int n = Array.getLength(v);
      text.append('[').append(n).append(':');
      for (int i = 0; i < n; i++) {
        append(Array.get(v, i));
        text.append(',');
      }
      text.append(']');
    } else if (v instanceof Map<?, ?> m) {
      text.append('{');
      new TreeMap<>(m).forEach((k, x) -> {
        text.append(k).append(':');
        append(x);
        text.append(';');
      });
      text.append('}');
    } else if (v instanceof Collection<?> c) {
      text.append('(');
      for (Object x : c) {
        append(x);
        text.append(',');
      }
      text.append(')');
    } else if (v instanceof Number || v instanceof Boolean || v instanceof CharSequence || v instanceof Enum<?>) {
      text.append(v);
    } else {
      throw new IllegalArgumentException("fingerprint: no canonical form for " + v.getClass().getName());
    }
  }
}
