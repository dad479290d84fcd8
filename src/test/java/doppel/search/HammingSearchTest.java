package doppel.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import doppel.encode.BitHash;
import doppel.encode.EncodedImage;
import doppel.encode.Embedding;
import doppel.encode.Fingerprint;
import doppel.progress.Progress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class HammingSearchTest {

    /** Flips {@code k} distinct random bits of a multi-word hash. */
    static long[] flip(long[] words, int bits, int k, Random rnd) {
        long[] out = words.clone();
        List<Integer> chosen = new ArrayList<>();
        while (chosen.size() < k) {
            int b = rnd.nextInt(bits);
            if (!chosen.contains(b)) {
                chosen.add(b);
                out[b >>> 6] ^= 1L << (63 - (b & 63));
            }
        }
        return out;
    }

    static long[] random(int bits, Random rnd) {
        long[] w = new long[(bits + 63) / 64];
        for (int i = 0; i < w.length; i++) {
            w[i] = rnd.nextLong();
        }
        if (bits % 64 != 0) {
            w[w.length - 1] &= -1L << (64 - bits % 64);
        }
        return w;
    }

    /**
     * Random hashes with planted pairs at distance t-1, t and t+1 (also across datasets), and optionally
     * variants, some planted near another image's original.
     */
    static List<EncodedImage> planted(int n, int bits, int t, int variantsPer, long seed) {
        Random rnd = new Random(seed);
        List<long[]> hashes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (i > 0 && i % 5 == 0) {
                int k = Math.max(0, t - 1 + rnd.nextInt(3));
                hashes.add(flip(hashes.get(rnd.nextInt(i)), bits, k, rnd));
            } else {
                hashes.add(random(bits, rnd));
            }
        }
        List<EncodedImage> images = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<Fingerprint> variants = new ArrayList<>();
            for (int v = 0; v < variantsPer; v++) {
                long[] w = rnd.nextInt(10) == 0
                        ? flip(hashes.get(rnd.nextInt(n)), bits, Math.max(0, t - 1 + rnd.nextInt(3)), rnd)
                        : random(bits, rnd);
                variants.add(BitHash.of(w, bits));
            }
            images.add(Fixtures.image(rnd.nextBoolean() ? Fixtures.REF : Fixtures.NEW, "img" + i + ".png",
                    BitHash.of(hashes.get(i), bits), variants));
        }
        return images;
    }

    /** Naive reference: every pair, min over original-or-variant of one vs the original of the other, both ways. */
    static List<Match> reference(List<EncodedImage> images, int t, boolean crossOnly) {
        List<Match> out = new ArrayList<>();
        for (int a = 0; a < images.size(); a++) {
            for (int b = a + 1; b < images.size(); b++) {
                EncodedImage x = images.get(a);
                EncodedImage y = images.get(b);
                if (crossOnly && x.file().dataset().name().equals(y.file().dataset().name())) {
                    continue;
                }
                BitHash xo = (BitHash) x.fingerprint();
                BitHash yo = (BitHash) y.fingerprint();
                int d = xo.distance(yo);
                for (Fingerprint v : x.variants()) {
                    d = Math.min(d, ((BitHash) v).distance(yo));
                }
                for (Fingerprint v : y.variants()) {
                    d = Math.min(d, ((BitHash) v).distance(xo));
                }
                if (d <= t) {
                    out.add(new Match(a, b, d));
                }
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 4, 10, 16})
    void multiIndexEqualsBruteForceReference(int t) {
        List<EncodedImage> images = planted(20_000, 64, t, 0, t);
        List<Match> expected = reference(images, t, false);
        assertTrue(expected.size() > 2000, "planted pairs present: " + expected.size());
        assertTrue(expected.stream().anyMatch(m -> m.score() == t), "a pair exactly at the threshold");
        HammingSearch forced = new HammingSearch(2, true);
        assertEquals(expected, forced.findPairs(images, new SearchOptions(t, false), Progress.NONE));
        if (t > 0) {
            assertTrue(forced.lastPlan().startsWith("multi-index"), forced.lastPlan());
        }
        HammingSearch chosen = new HammingSearch(1);
        assertEquals(expected, chosen.findPairs(images, new SearchOptions(t + 0.5, false), Progress.NONE),
                "fractional threshold rounds down; plan " + chosen.lastPlan());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 4, 10})
    void crossOnlyWithVariants(int t) {
        List<EncodedImage> images = planted(3000, 64, t, 7, 100 + t);
        for (boolean cross : new boolean[] {false, true}) {
            List<Match> expected = reference(images, t, cross);
            assertTrue(expected.size() > 100, "pairs: " + expected.size());
            assertEquals(expected, new HammingSearch(2, true).findPairs(images, new SearchOptions(t, cross), Progress.NONE));
            assertEquals(expected, new HammingSearch(2, false).findPairs(images, new SearchOptions(t, cross), Progress.NONE));
        }
    }

    @Test
    void skewedHashesStayExact() {
        // near-blank images give hashes with long runs of equal bits: crowded buckets in the leading bands
        Random rnd = new Random(5);
        List<EncodedImage> images = new ArrayList<>();
        for (EncodedImage img : planted(8000, 64, 8, 0, 9)) {
            long h = ((BitHash) img.fingerprint()).words()[0];
            images.add(Fixtures.image(img.file().dataset(), img.file().relativePath(),
                    BitHash.of64(rnd.nextInt(5) < 2 ? h & 0x0000_00FF_FFFF_FFFFL : h)));
        }
        List<Match> expected = reference(images, 8, false);
        assertEquals(expected, new HammingSearch(2, true).findPairs(images, new SearchOptions(8, false), Progress.NONE));
        assertEquals(expected, new HammingSearch(2).findPairs(images, new SearchOptions(8, false), Progress.NONE));
    }

    @Test
    void variantSeenFromEitherSide() {
        long base = 0x0123456789ABCDEFL;
        EncodedImage a = Fixtures.image(Fixtures.REF, "a.png", BitHash.of64(base), List.of(BitHash.of64(~base)));
        EncodedImage b = Fixtures.image(Fixtures.NEW, "b.png", BitHash.of64(~base ^ 0b111));
        // only a's variant is close to b's original; b has no variants
        List<Match> ab = new HammingSearch(1).findPairs(List.of(a, b), new SearchOptions(3, false), Progress.NONE);
        List<Match> ba = new HammingSearch(1).findPairs(List.of(b, a), new SearchOptions(3, false), Progress.NONE);
        assertEquals(List.of(new Match(0, 1, 3)), ab);
        assertEquals(List.of(new Match(0, 1, 3)), ba);
    }

    @Test
    void longHashesBruteForceWithEarlyExit() {
        int bits = 2048;
        int t = 100;
        List<EncodedImage> images = planted(1500, bits, t, 0, 7);
        List<Match> expected = reference(images, t, false);
        assertTrue(expected.size() > 100, "pairs: " + expected.size());
        HammingSearch search = new HammingSearch(2);
        assertEquals(expected, search.findPairs(images, new SearchOptions(t, false), Progress.NONE));
        assertTrue(search.lastPlan().contains("brute force"), search.lastPlan());
        List<EncodedImage> withVariants = planted(400, bits, t, 3, 8);
        assertEquals(reference(withVariants, t, true),
                search.findPairs(withVariants, new SearchOptions(t, true), Progress.NONE));
    }

    @Test
    void digestsJoinOnEqualWords() {
        Random rnd = new Random(3);
        List<EncodedImage> images = new ArrayList<>();
        List<long[]> digests = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            long[] w;
            if (i > 0 && i % 4 == 0) {
                long[] earlier = digests.get(rnd.nextInt(i));
                w = rnd.nextBoolean() ? earlier.clone() : flip(earlier, 256, 1, rnd);
            } else {
                w = random(256, rnd);
            }
            digests.add(w);
            images.add(Fixtures.image(i % 3 == 0 ? Fixtures.REF : Fixtures.NEW, "f" + i, BitHash.of(w, 256)));
        }
        for (boolean cross : new boolean[] {false, true}) {
            List<Match> expected = reference(images, 0, cross);
            assertTrue(expected.size() > 200, "pairs: " + expected.size());
            HammingSearch search = new HammingSearch(2);
            assertEquals(expected, search.findPairs(images, new SearchOptions(0, cross), Progress.NONE));
            assertTrue(search.lastPlan().contains("hash join"), search.lastPlan());
        }
    }

    @Test
    void rejectsEmbeddingsAndMixedSizes() {
        EncodedImage hash = Fixtures.image(Fixtures.REF, "a.png", BitHash.of64(1));
        EncodedImage emb = Fixtures.image(Fixtures.REF, "b.png", Embedding.of(new float[] {1, 0}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new HammingSearch(1).findPairs(List.of(hash, emb), new SearchOptions(4, false), Progress.NONE));
        assertTrue(e.getMessage().contains("ref/b.png has an embedding"), e.getMessage());
        EncodedImage wide = Fixtures.image(Fixtures.REF, "c.png", BitHash.of(new long[2], 128));
        assertThrows(IllegalArgumentException.class,
                () -> new HammingSearch(1).findPairs(List.of(hash, wide), new SearchOptions(4, false), Progress.NONE));
        assertThrows(IllegalArgumentException.class,
                () -> new HammingSearch(1).findPairs(List.of(hash, hash), new SearchOptions(-1, false), Progress.NONE));
    }
}
