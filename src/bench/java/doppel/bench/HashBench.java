package doppel.bench;

import doppel.dataset.Dataset;
import doppel.dataset.ImageFile;
import doppel.encode.EncodeSink;
import doppel.encode.EncodedImage;
import doppel.dataset.SkippedFile;
import doppel.encode.hash.HashEncoder;
import doppel.encode.hash.HashEncoders;
import doppel.encode.hash.HashOptions;
import doppel.progress.Progress;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Throughput of the hash encoders over a folder of images (files read from disk each time; run it twice to
 * measure with a warm page cache).
 *
 * <pre>
 * java -cp ... doppel.bench.HashBench FOLDER [ENCODERS] [WORKERS] [--compat] [--dihedral] [--rounds N]
 *   ENCODERS  comma-separated, default phash,dhash,ahash,whash,md5
 *   WORKERS   comma-separated worker counts, default 1,2
 * </pre>
 * Prints images/s (wall clock) and images per CPU-second of the process for each encoder and worker count, best of the rounds, after one warm-up pass. A round
 * encodes the folder's files repeated up to at least 2000 images.
 */
public final class HashBench {
    private HashBench() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: HashBench FOLDER [ENCODERS] [WORKERS] [--compat] [--dihedral] [--rounds N]");
            System.exit(2);
        }
        Path folder = Path.of(args[0]).toAbsolutePath();
        String encoders = "phash,dhash,ahash,whash,md5";
        String workers = "1,2";
        boolean compat = false;
        boolean dihedral = false;
        int rounds = 3;
        List<String> positional = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--compat" -> compat = true;
                case "--dihedral" -> dihedral = true;
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> positional.add(args[i]);
            }
        }
        if (!positional.isEmpty()) {
            encoders = positional.get(0);
        }
        if (positional.size() > 1) {
            workers = positional.get(1);
        }
        // CPU time of the whole process: on a shared machine wall-clock rates understate per-core speed.
        com.sun.management.OperatingSystemMXBean cpu =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Dataset ds = new Dataset(folder.getFileName().toString(), folder);
        List<ImageFile> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(folder)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                files.add(new ImageFile(ds, p.getFileName().toString(), Files.size(p), 0));
            }
        }
        // Small folders are repeated so that each timed round lasts long enough to measure.
        List<ImageFile> work = new ArrayList<>();
        while (!files.isEmpty() && work.size() < 2000) {
            work.addAll(files);
        }
        System.out.printf("%d files (x%d per round) in %s, mode %s%s, %d cores%n", files.size(),
                files.isEmpty() ? 0 : work.size() / files.size(), folder, compat ? "imagededup" : "fast",
                dihedral ? " +dihedral" : "", Runtime.getRuntime().availableProcessors());
        for (String name : encoders.split(",")) {
            for (String w : workers.split(",")) {
                HashOptions opts = HashOptions.defaults().withCompatImagededup(compat).withDihedral(dihedral)
                        .withWorkers(Integer.parseInt(w.strip()));
                try (HashEncoder enc = HashEncoders.create(name.strip(), opts)) {
                    Counter warm = new Counter();
                    enc.encode(files, warm, Progress.NONE);
                    double best = 0;
                    double bestCpu = 0;
                    for (int r = 0; r < rounds; r++) {
                        Counter c = new Counter();
                        long cpu0 = cpu.getProcessCpuTime();
                        long t0 = System.nanoTime();
                        enc.encode(work, c, Progress.NONE);
                        double s = (System.nanoTime() - t0) / 1e9;
                        double cpuS = (cpu.getProcessCpuTime() - cpu0) / 1e9;
                        best = Math.max(best, c.encoded.get() / s);
                        bestCpu = Math.max(bestCpu, c.encoded.get() / cpuS);
                    }
                    System.out.printf("%-7s workers=%s  %8.0f images/s wall  %8.0f images per CPU-second  (%d encoded, %d skipped)%n",
                            name.strip(), w.strip(), best, bestCpu, warm.encoded.get(), warm.skipped.get());
                }
            }
        }
    }

    private static final class Counter implements EncodeSink {
        final AtomicInteger encoded = new AtomicInteger();
        final AtomicInteger skipped = new AtomicInteger();

        @Override
        public void encoded(EncodedImage image) {
            encoded.incrementAndGet();
        }

        @Override
        public void skipped(SkippedFile skipped) {
            this.skipped.incrementAndGet();
        }
    }
}
