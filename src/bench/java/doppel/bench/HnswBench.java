package doppel.bench;

import doppel.dataset.Dataset;
import doppel.dataset.ImageFile;
import doppel.encode.EncodedImage;
import doppel.encode.Embedding;
import doppel.progress.Progress;
import doppel.search.CosineSearch;
import doppel.search.HnswCosineSearch;
import doppel.search.Match;
import doppel.search.SearchOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Approximate (HNSW) against exact cosine search on random unit vectors with planted near-duplicates: index
 * build, query and re-score times, and recall of the exact pairs and of the planted ones.
 *
 * <pre>
 * java -Xmx12g -cp target/classes:$(cat cp.txt) doppel.bench.HnswBench n=20000,100000 d=512 k=20 workers=2 \
 *     [m=16] [efc=200] [ef=100] [exact=true] [t=0.9]
 * </pre>
 * Every 50th vector gets a planted copy with Gaussian noise (cosine about 0.95 at d=512), and an exact copy
 * every 500th (more than one near neighbour). Times are wall clock of one run, other load on the machine shown.
 */
public final class HnswBench {
    private HnswBench() {
    }

    public static void main(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (String a : args) {
            String[] kv = a.split("=", 2);
            o.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        int d = Integer.parseInt(o.getOrDefault("d", "512"));
        int k = Integer.parseInt(o.getOrDefault("k", "" + HnswCosineSearch.DEFAULT_K));
        int workers = Integer.parseInt(o.getOrDefault("workers", "2"));
        int m = Integer.parseInt(o.getOrDefault("m", "" + HnswCosineSearch.DEFAULT_M));
        int efc = Integer.parseInt(o.getOrDefault("efc", "" + HnswCosineSearch.DEFAULT_EF_CONSTRUCTION));
        int ef = Integer.parseInt(o.getOrDefault("ef", "" + HnswCosineSearch.DEFAULT_EF));
        double t = Double.parseDouble(o.getOrDefault("t", "0.9"));
        boolean exact = Boolean.parseBoolean(o.getOrDefault("exact", "true"));
        System.out.println("load " + load() + ", cores " + Runtime.getRuntime().availableProcessors() + ", max heap "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB; d " + d + ", threshold " + t + ", workers "
                + workers + ", k " + k + ", M " + m + ", efConstruction " + efc + ", ef " + ef);
        for (String ns : o.getOrDefault("n", "20000,100000").split(",")) {
            int n = Integer.parseInt(ns);
            List<int[]> planted = new ArrayList<>();
            List<EncodedImage> images = vectors(n, d, 42, planted);
            SearchOptions options = new SearchOptions(t, false);

            Phases phases = new Phases();
            long t0 = System.nanoTime();
            List<Match> approx = new HnswCosineSearch(workers, k, m, efc, ef).findPairs(images, options, phases);
            double hnswS = (System.nanoTime() - t0) / 1e9;
            Set<Long> found = keys(approx);
            long plantedHit = planted.stream().filter(p -> found.contains((long) p[0] << 32 | p[1])).count();
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                    "n %d: hnsw %.1f s (%s); %d pairs; planted recall %.4f (%d/%d)", n, hnswS, phases.describe(),
                    approx.size(), (double) plantedHit / planted.size(), plantedHit, planted.size()));
            if (exact) {
                t0 = System.nanoTime();
                List<Match> truth = new CosineSearch(workers).findPairs(images, options, Progress.NONE);
                double exactS = (System.nanoTime() - t0) / 1e9;
                Map<Long, Double> scores = new HashMap<>();
                truth.forEach(x -> scores.put((long) x.a() << 32 | x.b(), x.score()));
                long wrong = approx.stream().filter(x -> !Double.valueOf(x.score())
                        .equals(scores.get((long) x.a() << 32 | x.b()))).count();
                line.append(String.format(Locale.ROOT, "; exact %.1f s, %d pairs; recall vs exact %.4f; "
                        + "reported pairs not exact or other score: %d", exactS, truth.size(),
                        (double) approx.size() / truth.size(), wrong));
            }
            System.out.println(line);
        }
    }

    /** Random unit-ish Gaussian vectors; planted noisy copies and exact copies, recorded as (a, b) with a < b. */
    static List<EncodedImage> vectors(int n, int d, long seed, List<int[]> planted) {
        Random rnd = new Random(seed);
        Dataset ds = new Dataset("bench", Path.of("/bench"));
        List<EncodedImage> out = new ArrayList<>(n);
        float[][] vs = new float[n][];
        for (int i = 0; i < n; i++) {
            float[] v = new float[d];
            int src = i - 1;
            if (i % 50 == 1) {
                for (int j = 0; j < d; j++) {
                    v[j] = vs[src][j] + 0.33f * (float) rnd.nextGaussian();
                }
                planted.add(new int[] {src, i});
            } else if (i % 500 == 2) {
                v = vs[i - 2].clone();
                planted.add(new int[] {i - 2, i});
            } else {
                for (int j = 0; j < d; j++) {
                    v[j] = (float) rnd.nextGaussian();
                }
            }
            vs[i] = v;
            out.add(new EncodedImage(new ImageFile(ds, "v" + i, 1000, 0), Embedding.of(v)));
        }
        return out;
    }

    private static Set<Long> keys(List<Match> ms) {
        Set<Long> s = new HashSet<>();
        ms.forEach(x -> s.add((long) x.a() << 32 | x.b()));
        return s;
    }

    /** Records when each phase of the search starts, to split build, query and re-score time. */
    private static final class Phases implements Progress {
        private final Map<String, Long> starts = new LinkedHashMap<>();
        private long end;

        @Override
        public synchronized void start(String task, long total) {
            starts.putIfAbsent(task, System.nanoTime());
        }

        @Override
        public void step(long n) {
        }

        @Override
        public void close() {
        }

        String describe() {
            end = System.nanoTime();
            List<String> parts = new ArrayList<>();
            List<Map.Entry<String, Long>> es = new ArrayList<>(starts.entrySet());
            for (int i = 0; i < es.size(); i++) {
                long to = i + 1 < es.size() ? es.get(i + 1).getValue() : end;
                parts.add(String.format(Locale.ROOT, "%s %.1f s", es.get(i).getKey().replace(" HNSW", "")
                        .replace(" index", "").replace(" candidates", "").toLowerCase(Locale.ROOT),
                        (to - es.get(i).getValue()) / 1e9));
            }
            return String.join(", ", parts);
        }
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
