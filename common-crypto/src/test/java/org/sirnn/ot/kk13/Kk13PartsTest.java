package org.sirnn.ot.kk13;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class Kk13PartsTest {

  @Test
  void walshHadamardCodewordsAreAt128FromEachOther() {
    for (int y = 0; y < 256; y++) {
      for (int j = 0; j < 256; j++) {
        long w = WalshHadamard.word(y, j / 64);
        assertEquals(Integer.bitCount(y & j) & 1, (int) (w >>> (j % 64)) & 1, "C(" + y + ")_" + j);
        assertEquals(WalshHadamard.bit(y, j), (int) (w >>> (j % 64)) & 1);
      }
      for (int z = 0; z < y; z++) {
        int d = 0;
        for (int q = 0; q < 4; q++) {
          d += Long.bitCount(WalshHadamard.word(y, q) ^ WalshHadamard.word(z, q));
        }
        assertEquals(128, d, "distance of C(" + y + ") and C(" + z + ")");
      }
    }
    for (int q = 0; q < 4; q++) {
      assertEquals(0L, WalshHadamard.word(0, q));
    }
  }

  @Test
  void codewordsOfYAndYPlus128AgreeOnTheLowHalf() {
    for (int y = 0; y < 128; y++) {
      assertEquals(WalshHadamard.word(y, 0), WalshHadamard.word(y + 128, 0));
      assertEquals(WalshHadamard.word(y, 1), WalshHadamard.word(y + 128, 1));
      assertEquals(~WalshHadamard.word(y, 2), WalshHadamard.word(y + 128, 2));
    }
  }
}
