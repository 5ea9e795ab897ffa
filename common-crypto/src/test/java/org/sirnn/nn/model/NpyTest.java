package org.sirnn.nn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading and writing .npy: round trips, every supported dtype and header version, and the rejections. */
class NpyTest {
  @TempDir
  Path tmp;

  @Test
  void float64RoundTripIsExact() throws IOException {
    double[] v = {1.5, -2.25, Math.PI, 1e-300, -0.0, 7};
    Path f = tmp.resolve("a.npy");
    Npy.writeFloat64(f, v, 2, 3);
    Npy.Array a = Npy.read(f);
    assertArrayEquals(new int[] {2, 3}, a.shape());
    assertArrayEquals(v, a.values());
    assertEquals(0, Files.size(f) % 16);
  }

  @Test
  void float32RoundTripRoundsToFloat() throws IOException {
    double[] v = {0.1, -3.75, 1e6};
    Path f = tmp.resolve("b.npy");
    Npy.writeFloat32(f, v, 3);
    Npy.Array a = Npy.read(f);
    assertArrayEquals(new int[] {3}, a.shape());
    for (int i = 0; i < v.length; i++) {
      assertEquals((float) v[i], a.values()[i]);
    }
    byte[] bytes = Files.readAllBytes(f);
    int len = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
    assertEquals(0, (10 + len) % 64);
    String header = new String(bytes, 10, len, StandardCharsets.ISO_8859_1);
    assertTrue(header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }"), header);
    assertTrue(header.endsWith("\n"));
  }

  @Test
  void scalarAndEmptyShapes() {
    Npy.Array s = Npy.decode("s.npy", Npy.encode(new double[] {4}, new int[0], true));
    assertArrayEquals(new int[0], s.shape());
    assertArrayEquals(new double[] {4}, s.values());
    Npy.Array e = Npy.decode("e.npy", Npy.encode(new double[0], new int[] {0, 3}, false));
    assertArrayEquals(new int[] {0, 3}, e.shape());
    assertEquals(0, e.values().length);
  }

  @Test
  void readsIntegerDtypesAndAllHeaderVersions() {
    ByteBuffer i4 = le(12).putInt(-7).putInt(0).putInt(Integer.MAX_VALUE);
    assertArrayEquals(new double[] {-7, 0, Integer.MAX_VALUE},
        Npy.decode("i4", file(1, "<i4", "(3,)", i4.array())).values());
    ByteBuffer i8 = le(16).putLong(-(1L << 40)).putLong(5);
    assertArrayEquals(new double[] {-(1L << 40), 5}, Npy.decode("i8", file(2, "<i8", "(2,)", i8.array())).values());
    Npy.Array u1 = Npy.decode("u1", file(3, "|u1", "(2, 2)", new byte[] {0, 1, (byte) 200, (byte) 255}));
    assertArrayEquals(new double[] {0, 1, 200, 255}, u1.values());
    assertArrayEquals(new int[] {2, 2}, u1.shape());
    ByteBuffer f4 = le(4).putFloat(0.5f);
    assertArrayEquals(new double[] {0.5}, Npy.decode("f4", file(2, "<f4", "(1, 1)", f4.array())).values());
    assertArrayEquals(new int[] {2}, Npy.decode("L", file(1, "<i4", "(2L,)", le(8).array())).shape());
  }

  @Test
  void rejectsWhatItDoesNotRead() {
    assertError("not a .npy file", "x.npy", "hello world, not numpy".getBytes(StandardCharsets.US_ASCII));
    assertError("unsupported .npy version 4.0", "x.npy", file(4, "<f4", "(1,)", le(4).array()));
    assertError("unsupported dtype '>f4'", "x.npy", file(1, ">f4", "(1,)", le(4).array()));
    assertError("unsupported dtype '<f2'", "x.npy", file(1, "<f2", "(1,)", le(2).array()));
    assertError("unsupported dtype '|O'", "x.npy", file(1, "|O", "(1,)", le(8).array()));
    assertError("Fortran-order arrays are not supported", "x.npy",
        header(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", le(16).array()));
    assertError("3 data bytes, expected 4", "x.npy", file(1, "<f4", "(1,)", new byte[3]));
    assertError("8 data bytes, expected 4", "x.npy", file(1, "<f4", "(1,)", new byte[8]));
    assertError("header lacks 'shape'", "x.npy", header(1, "{'descr': '<f4', 'fortran_order': False, }",
        new byte[0]));
    assertError("bad shape", "x.npy", file(1, "<f4", "(a,)", new byte[0]));
    assertError("int64 value 9007199254740993 at index 0 is not exact", "x.npy",
        file(1, "<i8", "(1,)", le(8).putLong((1L << 53) + 1).array()));
  }

  @Test
  void errorsNameTheFile() throws IOException {
    Path f = tmp.resolve("weird.npy");
    Files.write(f, file(1, "<c8", "(1,)", new byte[8]));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Npy.read(f));
    assertTrue(e.getMessage().startsWith(f.toString() + ": unsupported dtype '<c8'"), e.getMessage());
  }

  private static void assertError(String fragment, String name, byte[] bytes) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Npy.decode(name, bytes));
    assertTrue(e.getMessage().startsWith(name + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }

  private static ByteBuffer le(int n) {
    return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static byte[] file(int major, String descr, String shape, byte[] data) {
    return header(major, "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }", data);
  }

  /** A hand-made .npy file of the given version (header padded to 16 bytes, as old NumPy did). */
  private static byte[] header(int major, String dict, byte[] data) {
    int prefix = major == 1 ? 10 : 12;
    StringBuilder h = new StringBuilder(dict);
    while ((prefix + h.length() + 1) % 16 != 0) {
      h.append(' ');
    }
    h.append('\n');
    byte[] hb = h.toString().getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = le(prefix + hb.length + data.length);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
    if (major == 1) {
      b.putShort((short) hb.length);
    } else {
      b.putInt(hb.length);
    }
    return b.put(hb).put(data).array();
  }
}
