package doppel.bench;

import doppel.cli.Main;
import doppel.dataset.Dataset;
import doppel.dataset.ImageFile;
import doppel.encode.BitHash;
import doppel.encode.EncodedImage;
import doppel.encode.EncoderSpec;
import doppel.encodings.Encodings;
import doppel.encodings.EncodingsIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The core issue's end-to-end search target: {@code doppel find --encodings-in} on N 64-bit pHashes (random,
 * with one near-duplicate planted per 100 images at distance 1..10), JSON loading included. Usage:
 * {@code FindEndToEndBench [N] [THRESHOLD] [DIR]}; prints wall time of the whole command.
 */
public final class FindEndToEndBench {
    private FindEndToEndBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        String threshold = args.length > 1 ? args[1] : "10";
        Path dir = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("doppel-e2e");
        Files.createDirectories(dir);
        Path encodings = dir.resolve("hashes-" + n + ".json");
        if (!Files.exists(encodings)) {
            Dataset d = new Dataset("bench", dir.resolve("images"));
            EncoderSpec phash = new EncoderSpec("phash", EncoderSpec.Metric.HAMMING, 64, Map.of("hash_size", "8"),
                    Map.of("decode", "fast", "dihedral", "false"));
            SplittableRandom rnd = new SplittableRandom(42);
            List<EncodedImage> images = new ArrayList<>(n);
            long previous = 0;
            for (int i = 0; i < n; i++) {
                long h = rnd.nextLong();
                if (i % 100 == 1) {
                    h = previous;
                    int flips = 1 + rnd.nextInt(10);
                    for (int f = 0; f < flips; f++) {
                        h ^= 1L << rnd.nextInt(64);
                    }
                }
                previous = h;
                ImageFile file = new ImageFile(d, String.format("%03d/%08d.jpg", i % 1000, i), 50_000 + i, 1_700_000_000_000L);
                images.add(new EncodedImage(file, BitHash.of64(h), List.of(), 640, 480));
            }
            EncodingsIO.write(new Encodings(phash, List.of(d), images, List.of()), encodings);
            System.out.printf("wrote %s (%.0f MB)%n", encodings, Files.size(encodings) / 1e6);
        }
        long start = System.nanoTime();
        int exit = Main.run("find", "--encodings-in", encodings.toString(), "--threshold", threshold,
                "--out", dir.resolve("dups.json").toString(), "--show", "0");
        System.out.printf("find --encodings-in on %d hashes, threshold %s: exit %d, %.1f s wall (JSON load + search + "
                + "writing results)%n", n, threshold, exit, (System.nanoTime() - start) / 1e9);
    }
}
