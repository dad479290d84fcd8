package doppel.encode;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A hash of {@code bits} bits, stored most significant bit first in 64-bit words: bit 0 of the hash is
 * the highest bit of {@code words[0]}. The hex form is the same as imagededup's ({@code np.packbits}
 * of the row-major hash matrix), so saved hashes compare across both tools.
 */
public final class BitHash implements Fingerprint {
    private final long[] words;
    private final int bits;

    private BitHash(long[] words, int bits) {
        this.words = words;
        this.bits = bits;
    }

    /** Wraps words (not copied); bits beyond {@code bits} in the last word must be zero. */
    public static BitHash of(long[] words, int bits) {
        if (bits <= 0 || (bits + 63) / 64 != words.length) {
            throw new IllegalArgumentException(bits + " bits do not fit " + words.length + " words");
        }
        return new BitHash(words, bits);
    }

    /** A 64-bit hash. */
    public static BitHash of64(long word) {
        return new BitHash(new long[] {word}, 64);
    }

    /** Builds a hash from booleans, element 0 becoming the most significant bit. */
    public static BitHash fromBits(boolean[] bitValues) {
        long[] words = new long[(bitValues.length + 63) / 64];
        for (int i = 0; i < bitValues.length; i++) {
            if (bitValues[i]) {
                words[i >>> 6] |= 1L << (63 - (i & 63));
            }
        }
        return new BitHash(words, bitValues.length);
    }

    /** Parses a hex string of {@code bits/4} digits (imagededup's format). */
    public static BitHash fromHex(String hex) {
        String clean = hex.strip();
        if (clean.isEmpty() || clean.length() % 2 != 0) {
            throw new IllegalArgumentException("not a hex hash: '" + hex + "'");
        }
        byte[] bytes = HexFormat.of().parseHex(clean);
        return fromBytes(bytes, bytes.length * 8);
    }

    /** Builds a hash from big-endian bytes (bit 0 = highest bit of byte 0). */
    public static BitHash fromBytes(byte[] bytes, int bits) {
        long[] words = new long[(bits + 63) / 64];
        for (int i = 0; i < bytes.length; i++) {
            words[i >>> 3] |= (bytes[i] & 0xFFL) << (56 - 8 * (i & 7));
        }
        return new BitHash(words, bits);
    }

    /**
     * This hash cut to its first {@code n} bits, or null when it does not hold them as whole bytes with zero
     * padding (the hex form of an {@code n}-bit hash has {@code ceil(n/8)} bytes, the bits after {@code n} zero).
     */
    public BitHash truncate(int n) {
        if (n <= 0 || (n + 7) / 8 * 8 != bits) {
            return null;
        }
        long[] cut = Arrays.copyOf(words, (n + 63) / 64);
        for (int i = n; i < bits; i++) {
            if (bit(i)) {
                return null;
            }
        }
        return new BitHash(cut, n);
    }

    public int bits() {
        return bits;
    }

    /** The backing words; callers must not modify them. */
    public long[] words() {
        return words;
    }

    /** Value of bit {@code i} (0 = first, most significant). */
    public boolean bit(int i) {
        return (words[i >>> 6] >>> (63 - (i & 63)) & 1L) != 0;
    }

    /** Number of differing bits. */
    public int distance(BitHash other) {
        if (other.bits != bits) {
            throw new IllegalArgumentException("cannot compare a " + bits + "-bit hash with a " + other.bits + "-bit hash");
        }
        int d = 0;
        for (int i = 0; i < words.length; i++) {
            d += Long.bitCount(words[i] ^ other.words[i]);
        }
        return d;
    }

    /** Lower-case hex, two digits per byte, as imagededup writes it. */
    public String toHex() {
        int nBytes = (bits + 7) / 8;
        byte[] bytes = new byte[nBytes];
        for (int i = 0; i < nBytes; i++) {
            bytes[i] = (byte) (words[i >>> 3] >>> (56 - 8 * (i & 7)));
        }
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BitHash h && h.bits == bits && Arrays.equals(h.words, words);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(words) * 31 + bits;
    }

    @Override
    public String toString() {
        return toHex();
    }
}
