package doppel.bench;

import ai.djl.Device;
import doppel.dataset.Dataset;
import doppel.dataset.ImageFile;
import doppel.encode.BitHash;
import doppel.encode.EncodedImage;
import doppel.encode.Embedding;
import doppel.progress.Progress;
import doppel.search.CosineSearch;
import doppel.search.HammingSearch;
import doppel.search.Match;
import doppel.search.PairSearch;
import doppel.search.SearchOptions;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Benchmark of the exact pair searches on synthetic fingerprints with planted near-duplicates.
 *
 * <pre>
 * java -Xmx8g -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=2 -cp ... doppel.bench.SearchBench \
 *     hamming n=100000,1000000 t=4,10 workers=1,2
 * java ... doppel.bench.SearchBench cosine n=20000,100000 d=512 backends=java,djl workers=2 [javaMaxN=20000]
 * java ... doppel.bench.SearchBench sharded n=1000000,4000000 t=4,10 k=1,4,16
 * </pre>
 * {@code sharded} runs the tasks of doppel.spark's sharded index one after another on one core (shard {@code i}
 * alone, shard {@code j} against shard {@code i}'s index, for every {@code i <= j} of {@code k} shards dealt from
 * the sorted distinct values) and prints their total and largest CPU time next to the whole search ({@code k=1}).
 * For cosine, {@code javaMaxN} times the Java kernel on the first that many vectors only and projects larger
 * N by the number of pairs (N^2); "1M projected" scales every measured time the same way.
 * Peak heap is the sum of the heap pools' peak usage after a reset before each run.
 */
public final class SearchBench {
    private SearchBench() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: SearchBench hamming|cosine|sharded [n=..] [t=..] [k=..] [d=..] [workers=..] [backends=java,djl] [javaMaxN=..]");
            System.exit(2);
        }
        Map<String, String> opts = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            opts.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        System.out.println("load: " + load() + ", cores " + Runtime.getRuntime().availableProcessors()
                + ", max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB, java " + System.getProperty("java.version"));
        if (args[0].equals("sharded")) {
            sharded(ints(opts.getOrDefault("n", "1000000")), ints(opts.getOrDefault("t", "4,10")),
                    ints(opts.getOrDefault("k", "1,4,16")));
        } else if (args[0].equals("hamming")) {
            hamming(ints(opts.getOrDefault("n", "100000,1000000")), ints(opts.getOrDefault("t", "4,10")),
                    ints(opts.getOrDefault("workers", "1,2")));
        } else {
            cosine(ints(opts.getOrDefault("n", "20000,100000")), Integer.parseInt(opts.getOrDefault("d", "512")),
                    opts.getOrDefault("backends", "java,djl").split(","), Integer.parseInt(opts.getOrDefault("workers", "2")),
                    Integer.parseInt(opts.getOrDefault("javaMaxN", "0")));
        }
    }

    private static void hamming(int[] ns, int[] ts, int[] workers) {
        for (int n : ns) {
            for (int t : ts) {
                List<EncodedImage> images = hashes(n, t, 42);
                for (int w : workers) {
                    HammingSearch search = new HammingSearch(w);
                    Run r = run(search, images, new SearchOptions(t, false));
                    System.out.printf(Locale.ROOT, "hamming n=%d t=%d workers=%d: %.2f s (cpu %.2f s), %d pairs, peak heap %d MiB, %s%n",
                            n, t, w, r.seconds, r.cpuSeconds, r.pairs, r.peakMiB, search.lastPlan());
                }
            }
        }
    }

    private static void cosine(int[] ns, int d, String[] backends, int workers, int javaMaxN) {
        for (int n : ns) {
            List<EncodedImage> images = embeddings(n, d, 7);
            for (String b : backends) {
                CosineSearch.Backend backend = CosineSearch.Backend.valueOf(b.toUpperCase(Locale.ROOT));
                CosineSearch search = new CosineSearch(workers, backend, Device.cpu());
                double flops = (double) n * (n - 1) / 2 * d * 2;
                if (backend == CosineSearch.Backend.JAVA && javaMaxN > 0 && javaMaxN < n) {
                    // time the first javaMaxN vectors only and scale by the number of pairs
                    Run r = run(search, images.subList(0, javaMaxN), new SearchOptions(0.9, false));
                    double scale = (double) n * n / ((double) javaMaxN * javaMaxN);
                    System.out.printf(Locale.ROOT, "cosine n=%d d=%d java (timed on the first %d): %.2f s (cpu %.1f s), "
                                    + "%.1f GFLOP/s, projected %.0f s, 1M projected %.0f s%n",
                            n, d, javaMaxN, r.seconds, r.cpuSeconds, flops / scale / r.seconds / 1e9, r.seconds * scale,
                            r.seconds * 1e12 / ((double) javaMaxN * javaMaxN));
                    continue;
                }
                Run r = run(search, images, new SearchOptions(0.9, false));
                System.out.printf(Locale.ROOT, "cosine n=%d d=%d %s: %.2f s (cpu %.1f s), %.1f GFLOP/s, %d pairs, peak heap %d MiB, "
                                + "1M projected %.0f s (%s)%n",
                        n, d, b, r.seconds, r.cpuSeconds, flops / r.seconds / 1e9, r.pairs, r.peakMiB,
                        r.seconds * 1e12 / ((double) n * n), search.lastBackend());
            }
        }
    }

    private static void sharded(int[] ns, int[] ts, int[] ks) {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int n : ns) {
            long[] distinct = hashes(n, 10, 42).stream().mapToLong(i -> ((BitHash) i.fingerprint()).words()[0])
                    .sorted().distinct().toArray();
            for (int t : ts) {
                for (int k : ks) {
                    long pairs = 0;
                    double total = 0;
                    double largest = 0;
                    String plan = "";
                    long t0 = System.nanoTime();
                    for (int i = 0; i < k; i++) {
                        for (int j = i; j < k; j++) {
                            long[] index = k == 1 ? distinct : slice(distinct, i, k);
                            HammingSearch search = new HammingSearch(1);
                            long c0 = threads.getCurrentThreadCpuTime();
                            pairs += i == j ? search.findPairs(index, t, 0, 1, Progress.NONE).size()
                                    : search.findCrossPairs(index, slice(distinct, j, k), t, Progress.NONE).size();
                            double cpu = (threads.getCurrentThreadCpuTime() - c0) / 1e9;
                            total += cpu;
                            largest = Math.max(largest, cpu);
                            plan = search.lastPlan();
                        }
                    }
                    System.out.printf(Locale.ROOT, "sharded n=%d (%d distinct) t=%d k=%d: %d tasks, cpu %.2f s in all, "
                                    + "largest task %.2f s, wall %.1f s, %d pairs; last task: %s%n", n, distinct.length, t,
                            k, k * (k + 1) / 2, total, largest, (System.nanoTime() - t0) / 1e9, pairs, plan);
                }
            }
        }
    }

    /** Every k-th value from position s (doppel.spark.ShardedHamming deals its shards the same way). */
    private static long[] slice(long[] values, int s, int k) {
        long[] out = new long[(values.length - s + k - 1) / k];
        for (int i = 0; i < out.length; i++) {
            out[i] = values[s + i * k];
        }
        return out;
    }

    /** Wall seconds, pairs found, peak heap, and CPU seconds of the whole process (less sensitive to other load). */
    private record Run(double seconds, int pairs, long peakMiB, double cpuSeconds) {
    }

    private static double cpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    private static Run run(PairSearch search, List<EncodedImage> images, SearchOptions options) {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
        double cpu0 = cpuSeconds();
        long t0 = System.nanoTime();
        List<Match> pairs = search.findPairs(images, options, Progress.NONE);
        double s = (System.nanoTime() - t0) / 1e9;
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return new Run(s, pairs.size(), peak >> 20, cpuSeconds() - cpu0);
    }

    /** Random 64-bit hashes; every tenth is a copy of an earlier one with 0..t+2 bits flipped. */
    static List<EncodedImage> hashes(int n, int t, long seed) {
        Random rnd = new Random(seed);
        long[] h = new long[n];
        Dataset ds = new Dataset("bench", Path.of("/bench"));
        List<EncodedImage> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (i > 0 && i % 10 == 0) {
                long x = h[rnd.nextInt(i)];
                int flips = rnd.nextInt(t + 3);
                for (int k = 0; k < flips; k++) {
                    x ^= 1L << rnd.nextInt(64);
                }
                h[i] = x;
            } else {
                h[i] = rnd.nextLong();
            }
            out.add(new EncodedImage(new ImageFile(ds, "h" + i, 0, 0), BitHash.of64(h[i])));
        }
        return out;
    }

    /** Random Gaussian vectors; every twentieth is a noisy copy of an earlier one (cosine about 0.95). */
    static List<EncodedImage> embeddings(int n, int d, long seed) {
        Random rnd = new Random(seed);
        Dataset ds = new Dataset("bench", Path.of("/bench"));
        List<float[]> vs = new ArrayList<>(n);
        List<EncodedImage> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] v = new float[d];
            float[] src = i > 0 && i % 20 == 0 ? vs.get(rnd.nextInt(i)) : null;
            for (int k = 0; k < d; k++) {
                v[k] = src == null ? (float) rnd.nextGaussian() : src[k] + 0.3f * (float) rnd.nextGaussian();
            }
            vs.add(v);
            out.add(new EncodedImage(new ImageFile(ds, "e" + i, 0, 0), Embedding.of(v)));
        }
        return out;
    }

    private static int[] ints(String csv) {
        return Arrays.stream(csv.split(",")).map(String::strip).mapToInt(Integer::parseInt).toArray();
    }

    private static String load() {
        try {
            return Arrays.toString(Arrays.copyOf(java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" "), 3));
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
