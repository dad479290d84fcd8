package doppel.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import doppel.encode.BitHash;
import doppel.encode.EncodedImage;
import doppel.encode.Embedding;
import doppel.encode.Fingerprint;
import doppel.progress.Progress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CosineSearchTest {
    private static final double THRESHOLD = 0.6;

    /**
     * Random vectors plus planted pairs built from orthogonal unit components: 5*e_k against 3*e_k + 4*e_l
     * has cosine 15/25, exactly the double 0.6 (the threshold); adding a tiny third component puts a pair
     * just below it. Also noisy copies well above the threshold and scaled copies (cosine 1).
     */
    static List<EncodedImage> planted(int n, int d, int variantsPer, long seed) {
        Random rnd = new Random(seed);
        List<float[]> vs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] v = new float[d];
            int kind = i % 10;
            if (i >= 2 && kind == 1) { // exactly at the threshold with the previous vector
                v = tiePartner(vs.get(i - 1), d, rnd, 0f);
            } else if (i >= 2 && kind == 3) { // just below
                v = tiePartner(vs.get(i - 1), d, rnd, 1e-3f);
            } else if (kind == 0 || kind == 2) { // axis vector, partner of the next one
                v[rnd.nextInt(d)] = 5f * (rnd.nextBoolean() ? 1 : -1);
            } else if (i > 10 && kind == 5) { // near copy of a random earlier vector
                float[] src = vs.get(rnd.nextInt(i));
                for (int k = 0; k < d; k++) {
                    v[k] = src[k] + 0.2f * (float) rnd.nextGaussian();
                }
            } else if (i > 10 && kind == 7) { // scaled copy
                float[] src = vs.get(rnd.nextInt(i));
                for (int k = 0; k < d; k++) {
                    v[k] = 4f * src[k];
                }
            } else {
                for (int k = 0; k < d; k++) {
                    v[k] = (float) rnd.nextGaussian();
                }
            }
            vs.add(v);
        }
        List<EncodedImage> images = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<Fingerprint> variants = new ArrayList<>();
            for (int k = 0; k < variantsPer; k++) {
                float[] v = new float[d];
                if (rnd.nextInt(3) == 0) { // a variant exactly at the threshold with another image's original
                    v = tiePartner(vs.get(rnd.nextInt(n)), d, rnd, 0f);
                } else {
                    for (int j = 0; j < d; j++) {
                        v[j] = (float) rnd.nextGaussian();
                    }
                }
                variants.add(Embedding.of(v));
            }
            images.add(Fixtures.image(i % 3 == 0 ? Fixtures.REF : Fixtures.NEW, "v" + i, Embedding.of(vs.get(i)), variants));
        }
        return images;
    }

    /** 3*e_k + 4*e_l (+ eps*e_m) where 5*e_k is the sole non-zero of {@code axis}; random vectors get a fresh one. */
    private static float[] tiePartner(float[] axis, int d, Random rnd, float eps) {
        int k = -1;
        int nonZero = 0;
        for (int j = 0; j < d; j++) {
            if (axis[j] != 0) {
                k = j;
                nonZero++;
            }
        }
        float[] v = new float[d];
        if (nonZero != 1) {
            for (int j = 0; j < d; j++) {
                v[j] = (float) rnd.nextGaussian();
            }
            return v;
        }
        int l = (k + 1 + rnd.nextInt(d - 1)) % d;
        v[k] = 3f * Math.signum(axis[k]);
        v[l] = 4f;
        if (eps != 0) {
            v[(l + 1) % d == k ? (l + 2) % d : (l + 1) % d] = eps;
        }
        return v;
    }

    static List<Match> reference(List<EncodedImage> images, double threshold, boolean crossOnly) {
        List<Match> out = new ArrayList<>();
        for (int a = 0; a < images.size(); a++) {
            for (int b = a + 1; b < images.size(); b++) {
                EncodedImage x = images.get(a);
                EncodedImage y = images.get(b);
                if (crossOnly && x.file().dataset().equals(y.file().dataset())) {
                    continue;
                }
                Embedding xo = (Embedding) x.fingerprint();
                Embedding yo = (Embedding) y.fingerprint();
                double s = xo.cosine(yo);
                for (Fingerprint v : x.variants()) {
                    s = Math.max(s, ((Embedding) v).cosine(yo));
                }
                for (Fingerprint v : y.variants()) {
                    s = Math.max(s, ((Embedding) v).cosine(xo));
                }
                if (s >= threshold) {
                    out.add(new Match(a, b, s));
                }
            }
        }
        return out;
    }

    @Test
    void bothBackendsEqualDoubleReferenceIncludingTies() {
        List<EncodedImage> images = planted(1500, 48, 0, 1);
        List<Match> expected = reference(images, THRESHOLD, false);
        long ties = expected.stream().filter(m -> m.score() == THRESHOLD).count();
        assertTrue(ties > 50, "pairs exactly at the threshold: " + ties);
        assertTrue(expected.size() > 300, "pairs: " + expected.size());
        SearchOptions options = new SearchOptions(THRESHOLD, false);
        assertEquals(expected, new CosineSearch(2).findPairs(images, options, Progress.NONE));
        assertEquals(expected, new CosineSearch(1, CosineSearch.Backend.DJL, Device.cpu()).findPairs(images, options, Progress.NONE));
    }

    @Test
    void crossOnlyAndVariantsOnBothBackends() {
        List<EncodedImage> images = planted(700, 40, 3, 2);
        for (boolean cross : new boolean[] {false, true}) {
            List<Match> expected = reference(images, THRESHOLD, cross);
            assertTrue(expected.size() > 100, "pairs: " + expected.size());
            SearchOptions options = new SearchOptions(THRESHOLD, cross);
            assertEquals(expected, new CosineSearch(2).findPairs(images, options, Progress.NONE));
            assertEquals(expected, new CosineSearch(2, CosineSearch.Backend.DJL, Device.cpu()).findPairs(images, options, Progress.NONE));
        }
    }

    @Test
    void variantQueriesReachEveryCandidate() {
        // 260 originals: the variants' query rows follow the last originals in the same block of work
        Random rnd = new Random(4);
        List<EncodedImage> images = new ArrayList<>();
        List<float[]> vs = new ArrayList<>();
        for (int i = 0; i < 260; i++) {
            float[] v = new float[24];
            for (int k = 0; k < v.length; k++) {
                v[k] = (float) rnd.nextGaussian();
            }
            vs.add(v);
        }
        for (int i = 0; i < 260; i++) {
            List<Fingerprint> variants = i < 3 ? List.of(Embedding.of(vs.get(i + 1).clone())) : List.of();
            images.add(Fixtures.image(Fixtures.REF, "w" + i, Embedding.of(vs.get(i)), variants));
        }
        List<Match> expected = reference(images, 0.95, false);
        assertEquals(List.of(new Match(0, 1, 1.0), new Match(1, 2, 1.0), new Match(2, 3, 1.0)), expected);
        assertEquals(expected, new CosineSearch(2).findPairs(images, new SearchOptions(0.95, false), Progress.NONE));
        assertEquals(expected, new CosineSearch(1, CosineSearch.Backend.DJL, Device.cpu())
                .findPairs(images, new SearchOptions(0.95, false), Progress.NONE));
    }

    @Test
    void autoUsesJavaForSmallJobsAndRejectsHashes() {
        List<EncodedImage> images = planted(300, 16, 0, 3);
        CosineSearch auto = new CosineSearch(1, CosineSearch.Backend.AUTO, Device.cpu());
        assertEquals(reference(images, 0.9, false), auto.findPairs(images, new SearchOptions(0.9, false), Progress.NONE));
        assertTrue(auto.lastBackend().startsWith("java"), auto.lastBackend());
        List<EncodedImage> mixed = List.of(images.get(0), Fixtures.image(Fixtures.NEW, "h.png", BitHash.of64(5)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> auto.findPairs(mixed, new SearchOptions(0.9, false), Progress.NONE));
        assertTrue(e.getMessage().contains("new/h.png has a bit hash"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> auto.findPairs(images, new SearchOptions(1.5, false), Progress.NONE));
    }
}
