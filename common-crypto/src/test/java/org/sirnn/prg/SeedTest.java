package org.sirnn.prg;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class SeedTest {
    @Test
    void freshSeedsHaveLength16AndDiffer() {
        byte[] a = Seed.fresh();
        byte[] b = Seed.fresh();
        assertEquals(16, a.length);
        assertEquals(16, b.length);
        assertFalse(java.util.Arrays.equals(a, b));
    }

    @Test
    void validation() {
        assertThrows(NullPointerException.class, () -> Seed.requireValid(null));
        assertThrows(IllegalArgumentException.class, () -> Seed.requireValid(new byte[15]));
        assertThrows(IllegalArgumentException.class, () -> Seed.requireValid(new byte[32]));
        byte[] s = new byte[16];
        assertSame(s, Seed.requireValid(s));
        byte[] c = Seed.copyOf(Ref.seed(1));
        assertArrayEquals(Ref.seed(1), c);
        Seed.wipe(c);
        assertArrayEquals(new byte[16], c);
        Seed.wipe(null);
    }
}
