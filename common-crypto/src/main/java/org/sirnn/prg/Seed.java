package org.sirnn.prg;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * Static helpers for 16-byte (128-bit) seeds, which are AES-128 keys for {@link Prg} and
 * {@link AesCtr}.
 *
 * <p>Fresh seeds come from one shared {@link SecureRandom} created with the platform default
 * algorithm (on Linux {@code NativePRNG}, backed by {@code /dev/urandom}). {@code SecureRandom}
 * is thread-safe, so {@link #fresh()} may be called concurrently.
 *
 * <p>Security assumption: the platform entropy source yields seeds indistinguishable from
 * uniform 128-bit strings; everything derived from a seed is only as secret as the seed itself.
 */
public final class Seed {
    /** Length of a seed in bytes (16, i.e. an AES-128 key). */
    public static final int LENGTH = 16;

    private static final SecureRandom RANDOM = new SecureRandom();

    private Seed() {}

    /**
     * Returns a new uniformly random 16-byte seed drawn from the shared {@link SecureRandom}.
     *
     * @return a fresh array of {@link #LENGTH} random bytes, owned by the caller
     */
    public static byte[] fresh() {
        byte[] s = new byte[LENGTH];
        RANDOM.nextBytes(s);
        return s;
    }

    /**
     * Checks that {@code seed} is non-null and exactly {@link #LENGTH} bytes long.
     *
     * @param seed candidate seed
     * @return {@code seed} itself (not copied), for chaining
     * @throws NullPointerException if {@code seed} is null
     * @throws IllegalArgumentException if its length is not 16
     */
    public static byte[] requireValid(byte[] seed) {
        Objects.requireNonNull(seed, "seed");
        if (seed.length != LENGTH) {
            throw new IllegalArgumentException("seed must be " + LENGTH + " bytes, got " + seed.length);
        }
        return seed;
    }

    /**
     * Returns a defensive copy of a validated seed.
     *
     * @param seed a 16-byte seed
     * @return a new array with the same 16 bytes
     * @throws IllegalArgumentException if its length is not 16
     */
    public static byte[] copyOf(byte[] seed) {
        return requireValid(seed).clone();
    }

    /**
     * Overwrites a seed (or any secret byte array) with zeros, e.g. after it has been used as a key.
     *
     * @param secret array to clear; null is ignored
     */
    public static void wipe(byte[] secret) {
        if (secret != null) {
            Arrays.fill(secret, (byte) 0);
        }
    }
}
