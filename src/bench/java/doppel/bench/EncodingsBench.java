package doppel.bench;

import doppel.dataset.Dataset;
import doppel.dataset.ImageFile;
import doppel.encode.BitHash;
import doppel.encode.Embedding;
import doppel.encode.EncodedImage;
import doppel.encode.EncoderSpec;
import doppel.encode.Fingerprint;
import doppel.encodings.Encodings;
import doppel.encodings.EncodingsIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Times writing and reading encodings files: 1M 64-bit hashes and 100k 512-d embeddings (sizes
 * adjustable). Usage: {@code java -cp ... doppel.bench.EncodingsBench [dir] [hashes] [vectors] [repeats]}.
 * Prints the best of the repeats for each step.
 */
public final class EncodingsBench {
    private EncodingsBench() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("doppel-bench");
        int hashes = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int vectors = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        SplittableRandom rnd = new SplittableRandom(42);
        Dataset d = new Dataset("bench", dir.resolve("images"));

        EncoderSpec phash = new EncoderSpec("phash", EncoderSpec.Metric.HAMMING, 64, Map.of("hash_size", "8"), Map.of());
        List<EncodedImage> hashImages = new ArrayList<>(hashes);
        for (int i = 0; i < hashes; i++) {
            hashImages.add(image(d, i, BitHash.of64(rnd.nextLong())));
        }
        measure("hashes", new Encodings(phash, List.of(d), hashImages, List.of()), dir.resolve("hashes.json"), repeats);
        hashImages = null;

        EncoderSpec cnn = new EncoderSpec("cnn", EncoderSpec.Metric.COSINE, 512, Map.of("model", "bench"), Map.of());
        List<EncodedImage> vecImages = new ArrayList<>(vectors);
        for (int i = 0; i < vectors; i++) {
            float[] v = new float[512];
            for (int k = 0; k < v.length; k++) {
                v[k] = (float) rnd.nextGaussian();
            }
            vecImages.add(image(d, i, Embedding.of(v)));
        }
        if (vectors > 0) {
            measure("512-d vectors", new Encodings(cnn, List.of(d), vecImages, List.of()), dir.resolve("vectors.json"),
                    repeats);
        }
    }

    private static EncodedImage image(Dataset d, int i, Fingerprint fp) {
        String rel = String.format("class%03d/img_%07d.jpg", i % 1000, i);
        return new EncodedImage(new ImageFile(d, rel, 100_000 + i, 1_700_000_000_000L + i), fp, List.of(), 640, 480);
    }

    private static void measure(String what, Encodings enc, Path file, int repeats) throws IOException {
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long bestWrite = Long.MAX_VALUE;
        long bestRead = Long.MAX_VALUE;
        long bestReadCpu = Long.MAX_VALUE;
        long bestReadProcCpu = Long.MAX_VALUE;
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            EncodingsIO.write(enc, file);
            long t1 = System.nanoTime();
            long c1 = cpu.getCurrentThreadCpuTime();
            long p1 = os.getProcessCpuTime();
            Encodings back = EncodingsIO.read(file);
            long t2 = System.nanoTime();
            bestReadCpu = Math.min(bestReadCpu, cpu.getCurrentThreadCpuTime() - c1);
            bestReadProcCpu = Math.min(bestReadProcCpu, os.getProcessCpuTime() - p1);
            if (back.images().size() != enc.images().size()
                    || !back.images().get(enc.images().size() - 1).equals(enc.images().get(enc.images().size() - 1))) {
                throw new IllegalStateException("round trip mismatch");
            }
            bestWrite = Math.min(bestWrite, t1 - t0);
            bestRead = Math.min(bestRead, t2 - t1);
        }
        System.out.printf("%-14s %,9d entries  file %,7.1f MB  write %6.2f s  read %6.2f s (CPU: reader thread %5.2f s, process incl. GC %5.2f s)  (best of %d)%n",
                what, enc.images().size(), Files.size(file) / 1e6, bestWrite / 1e9, bestRead / 1e9, bestReadCpu / 1e9,
                bestReadProcCpu / 1e9, repeats);
    }
}
