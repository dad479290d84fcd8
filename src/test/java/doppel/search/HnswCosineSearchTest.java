package doppel.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import doppel.dataset.Dataset;
import doppel.encode.EncodedImage;
import doppel.encode.EncoderSpec;
import doppel.encode.Embedding;
import doppel.progress.Progress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HnswCosineSearchTest {
    private static final double THRESHOLD = 0.9;

    /**
     * {@code n} random Gaussian vectors of dimension {@code d}; every fifth one is a noisy copy of the one before
     * (cosine about 0.95 at noise 0.3), a planted pair. Datasets alternate by block of 10 so planted pairs fall
     * both within and across the two datasets.
     */
    private static List<EncodedImage> planted(int n, int d, long seed, List<long[]> plantedOut) {
        Random rnd = new Random(seed);
        List<EncodedImage> images = new ArrayList<>();
        float[] prev = null;
        for (int i = 0; i < n; i++) {
            float[] v = new float[d];
            boolean copy = i % 5 == 4;
            for (int k = 0; k < d; k++) {
                v[k] = copy ? prev[k] + 0.3f * (float) rnd.nextGaussian() : (float) rnd.nextGaussian();
            }
            if (copy) {
                plantedOut.add(new long[] {i - 1, i});
            }
            Dataset ds = (i / 7) % 2 == 0 ? Fixtures.REF : Fixtures.NEW;
            images.add(Fixtures.image(ds, "v" + i, Embedding.of(v)));
            prev = v;
        }
        return images;
    }

    private static Map<Long, Double> byPair(List<Match> matches) {
        Map<Long, Double> out = new HashMap<>();
        for (Match m : matches) {
            out.put((long) m.a() << 32 | m.b(), m.score());
        }
        return out;
    }

    /** Every reported pair is in the exact result with the identical score; returns the recall against it. */
    private static double checkAgainstExact(List<Match> approx, List<Match> exact) {
        Map<Long, Double> truth = byPair(exact);
        for (Match m : approx) {
            Double s = truth.get((long) m.a() << 32 | m.b());
            assertTrue(s != null, "reported pair is not a true pair: " + m);
            assertEquals(s, m.score(), 0.0, "score differs from the exact search for " + m);
        }
        return (double) approx.size() / exact.size();
    }

    @Test
    void findsPlantedPairsWithExactScores() {
        List<long[]> plantedPairs = new ArrayList<>();
        List<EncodedImage> images = planted(4000, 128, 7, plantedPairs);
        SearchOptions options = new SearchOptions(THRESHOLD, false);
        List<Match> exact = new CosineSearch(2).findPairs(images, options, Progress.NONE);
        assertTrue(exact.size() >= plantedPairs.size(), "exact pairs: " + exact.size());
        List<Match> approx = new HnswCosineSearch(2, 10).findPairs(images, options, Progress.NONE);
        double recall = checkAgainstExact(approx, exact);
        assertTrue(recall >= 0.99, "recall vs exact " + recall);
        Set<Long> found = byPair(approx).keySet();
        long hit = plantedPairs.stream().filter(p -> found.contains(p[0] << 32 | p[1])).count();
        assertTrue(hit >= 0.99 * plantedPairs.size(), "planted pairs found: " + hit + " of " + plantedPairs.size());
    }

    @Test
    void crossOnlyReportsOnlyCrossDatasetPairs() {
        List<long[]> plantedPairs = new ArrayList<>();
        List<EncodedImage> images = planted(3000, 96, 11, plantedPairs);
        SearchOptions options = new SearchOptions(THRESHOLD, true);
        List<Match> exact = new CosineSearch(2).findPairs(images, options, Progress.NONE);
        long crossPlanted = plantedPairs.stream()
                .filter(p -> !images.get((int) p[0]).file().dataset().equals(images.get((int) p[1]).file().dataset()))
                .count();
        assertTrue(crossPlanted > 50 && crossPlanted < plantedPairs.size(), "cross planted pairs: " + crossPlanted);
        List<Match> approx = new HnswCosineSearch(2, 5).findPairs(images, options, Progress.NONE);
        for (Match m : approx) {
            assertTrue(!images.get(m.a()).file().dataset().equals(images.get(m.b()).file().dataset()),
                    "same-dataset pair with --cross-only: " + m);
        }
        assertTrue(checkAgainstExact(approx, exact) >= 0.99, "recall vs exact");
        assertTrue(approx.size() >= crossPlanted * 0.99, approx.size() + " of " + crossPlanted);
    }

    @Test
    void dihedralVariantsScoreLikeTheExactSearch() {
        // CosineSearchTest's fixture: ties exactly at the threshold, variants that match other originals
        List<EncodedImage> images = CosineSearchTest.planted(1200, 40, 3, 5);
        for (boolean crossOnly : new boolean[] {false, true}) {
            SearchOptions options = new SearchOptions(0.6, crossOnly);
            List<Match> exact = new CosineSearch(2).findPairs(images, options, Progress.NONE);
            List<Match> approx = new HnswCosineSearch(2, 20).findPairs(images, options, Progress.NONE);
            double recall = checkAgainstExact(approx, exact);
            // an adversarial fixture for a graph search (in 40-d, axis vectors repeat and tie exactly), so a
            // looser bound than for the realistic sets above; the point here is the exact scores
            assertTrue(recall >= 0.95, "recall " + recall + " crossOnly " + crossOnly);
        }
    }

    @Test
    void smallKMissesPairsBeyondTheNearest() {
        // one image with 30 exact copies: k = 3 cannot see all 465 pairs, showing the documented limit
        List<EncodedImage> images = new ArrayList<>();
        float[] v = new float[16];
        v[0] = 1;
        for (int i = 0; i < 31; i++) {
            images.add(Fixtures.image(Fixtures.REF, "c" + i, Embedding.of(v.clone())));
        }
        List<Match> approx = new HnswCosineSearch(1, 3).findPairs(images, new SearchOptions(0.9, false), Progress.NONE);
        assertTrue(approx.size() < 31 * 30 / 2, "pairs: " + approx.size());
        assertTrue(approx.size() >= 31, "pairs: " + approx.size());
        approx.forEach(m -> assertEquals(1.0, m.score(), 1e-12));
    }

    @Test
    void pairSearchesGivesItOnlyWhenAskedAndOnlyForEmbeddings() {
        EncoderSpec md5 = new EncoderSpec("md5", EncoderSpec.Metric.HAMMING, 128, Map.of(), Map.of());
        EncoderSpec cnn = new EncoderSpec("cnn", EncoderSpec.Metric.COSINE, 576, Map.of(), Map.of());
        assertInstanceOf(CosineSearch.class, PairSearches.forSpec(cnn, 2, "cpu", false));
        HnswCosineSearch h = assertInstanceOf(HnswCosineSearch.class, PairSearches.forSpec(cnn, 2, "cpu", true, 7));
        assertEquals(7, h.k());
        assertTrue(h.describe().startsWith("approximate (HNSW), may miss pairs"), h.describe());
        assertInstanceOf(HammingSearch.class, PairSearches.forSpec(md5, 2, "cpu", true));
        assertThrows(IllegalArgumentException.class, () -> new HnswCosineSearch(2, 0));
    }
}
