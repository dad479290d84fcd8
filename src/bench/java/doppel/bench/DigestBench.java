package doppel.bench;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Random;
import java.util.zip.CRC32C;

/**
 * Throughput of the JDK's content digests on one core, in the 64 KiB updates the exact-duplicate search reads
 * files in ({@code doppel.encode.hash.StagedDigestEncoder}): what the digest itself costs per byte, against the
 * rest of a run.
 *
 * <pre>
 * java -cp ... doppel.bench.DigestBench [MB] [ROUNDS]     (default 256 MB per round, 5 rounds)
 * </pre>
 * For each of MD5, SHA-256 and CRC-32C (the cheap key of the heads), prints the MB/s of the first round in this JVM
 * (the digest runs partly uncompiled, as in a short run without warm-up) and the best of the later rounds
 * (compiled, with the CPU's SHA instructions where the JDK has them).
 */
public final class DigestBench {
    private static final int UPDATE = 1 << 16;

    private DigestBench() {
    }

    public static void main(String[] args) throws NoSuchAlgorithmException {
        int mb = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        byte[] block = new byte[UPDATE];
        new Random(1).nextBytes(block);
        long updates = (long) mb * (1 << 20) / UPDATE;
        for (String algorithm : new String[] {"MD5", "SHA-256", "CRC32C"}) {
            double first = 0;
            double best = 0;
            long sink = 0;
            for (int r = 0; r < rounds; r++) {
                long start = System.nanoTime();
                sink += run(algorithm, block, updates);
                double mbPerS = mb / ((System.nanoTime() - start) / 1e9);
                if (r == 0) {
                    first = mbPerS;
                } else {
                    best = Math.max(best, mbPerS);
                }
            }
            System.out.printf("%-8s first round %6.0f MB/s, best later round %6.0f MB/s (one core, %d MB per round)%s%n",
                    algorithm, first, best, mb, sink == 42 ? " " : "");
        }
    }

    /** Digests {@code updates} copies of {@code block} in 1 MiB digests; returns a byte of the result. */
    private static long run(String algorithm, byte[] block, long updates) throws NoSuchAlgorithmException {
        long sink = 0;
        int perDigest = (1 << 20) / UPDATE;
        if (algorithm.equals("CRC32C")) {
            CRC32C crc = new CRC32C();
            for (long i = 0; i < updates; i++) {
                crc.update(block, 0, block.length);
            }
            return crc.getValue();
        }
        MessageDigest md = MessageDigest.getInstance(algorithm);
        for (long i = 0; i < updates; i++) {
            md.update(block, 0, block.length);
            if (i % perDigest == perDigest - 1) {
                sink += md.digest()[0];
            }
        }
        return sink;
    }
}
