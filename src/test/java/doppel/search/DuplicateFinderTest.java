package doppel.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import doppel.dataset.Dataset;
import doppel.dataset.ImageFile;
import doppel.encode.BitHash;
import doppel.encode.EncodedImage;
import doppel.encode.EncoderSpec;
import doppel.encode.Embedding;
import doppel.progress.Progress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DuplicateFinderTest {
    private static final double NaN = Double.NaN;
    private static final Dataset EXTRA = new Dataset("extra", Path.of("/data/extra"));
    private static final List<Dataset> ORDER = List.of(Fixtures.REF, Fixtures.NEW, EXTRA);
    private static final EncoderSpec PHASH = new EncoderSpec("phash", EncoderSpec.Metric.HAMMING, 64, Map.of(), Map.of());

    private static EncodedImage img(Dataset ds, String name, long hash, int side, long size, long mtime) {
        return new EncodedImage(new ImageFile(ds, name, size, mtime), BitHash.of64(hash), List.of(), side, side);
    }

    /** Two families of near-duplicates (one with a chained member) and a lone image; threshold 2. */
    private static final List<EncodedImage> IMAGES = List.of(
            img(Fixtures.REF, "a.png", 0L, 100, 500, 3000),        // 0
            img(Fixtures.NEW, "a_copy.png", 0b1L, 200, 400, 1000),  // 1: 1 from a
            img(Fixtures.NEW, "a_chain.png", 0b11001L, 50, 900, 2000), // 2: 2 from a_copy, 3 from a
            img(EXTRA, "a_x.png", 0b111L, 10, 100, 5000),          // 3: 2 from a_copy, 3 from a
            img(Fixtures.REF, "b.png", -1L, 0, 300, 100),          // 4
            img(Fixtures.NEW, "b2.png", -1L ^ 0b1, 0, 300, 100),   // 5: 1 from b
            img(Fixtures.REF, "b3.png", -1L ^ 0b10, 0, 300, 100),  // 6: 1 from b, 2 from b2
            img(Fixtures.REF, "lonely.png", 0xFFFFFFFFL, 0, 300, 100)); // 7

    private static DuplicateResult find(boolean crossOnly, KeepPolicy keep) {
        return DuplicateFinder.find(ORDER, PHASH, IMAGES, List.of(), new SearchOptions(2, crossOnly), keep,
                new HammingSearch(2), Progress.NONE);
    }

    @Test
    void removesOnlyDirectDuplicatesOfTheKeptImageLargestGroupFirst() {
        DuplicateResult r = find(false, KeepPolicy.FIRST_DIR);
        assertEquals(List.of(new Match(0, 1, 1), new Match(1, 2, 2), new Match(1, 3, 2), new Match(4, 5, 1),
                new Match(4, 6, 1), new Match(5, 6, 2)), r.pairs());
        // a_chain and a_x are duplicates of a_copy only, not of the kept a.png: they stay
        assertEquals(List.of(new DuplicateGroup(4, List.of(4, 5, 6), List.of(NaN, 1.0, 1.0)),
                new DuplicateGroup(0, List.of(0, 1), List.of(NaN, 1.0))), r.groups());
        assertEquals(List.of("new/b2.png", "ref/b3.png", "new/a_copy.png"),
                r.toRemove().stream().map(i -> i.file().key()).toList());
    }

    @Test
    void chainKeepsTheBestAndLetsTheFarEndKeepItsOwnDuplicates() {
        // a~b, b~c, c~d at threshold 3, no other pair: keeping a removes b; c stays and is kept for d
        List<EncodedImage> chain = List.of(
                img(Fixtures.REF, "a.png", 0L, 10, 100, 0),
                img(Fixtures.REF, "b.png", 0b111L, 10, 100, 0),
                img(Fixtures.REF, "c.png", 0b111111L, 10, 100, 0),
                img(Fixtures.REF, "d.png", 0b111111111L, 10, 100, 0));
        DuplicateResult r = DuplicateFinder.find(ORDER, PHASH, chain, List.of(), new SearchOptions(3, false),
                KeepPolicy.FIRST_DIR, new HammingSearch(1), Progress.NONE);
        assertEquals(3, r.pairs().size());
        assertEquals(List.of(new DuplicateGroup(0, List.of(0, 1), List.of(NaN, 3.0)),
                new DuplicateGroup(2, List.of(2, 3), List.of(NaN, 3.0))), r.groups());
        // ranked the other way round (newest first: d, c, b, a), d removes c and b removes a
        List<EncodedImage> dated = List.of(chain.get(0), img(Fixtures.REF, "b.png", 0b111L, 10, 100, 1),
                img(Fixtures.REF, "c.png", 0b111111L, 10, 100, 2), img(Fixtures.REF, "d.png", 0b111111111L, 10, 100, 3));
        DuplicateResult newest = DuplicateFinder.find(ORDER, PHASH, dated, List.of(), new SearchOptions(3, false),
                KeepPolicy.NEWEST, new HammingSearch(1), Progress.NONE);
        assertEquals(List.of(new DuplicateGroup(1, List.of(0, 1), List.of(3.0, NaN)),
                new DuplicateGroup(3, List.of(2, 3), List.of(3.0, NaN))), newest.groups());
    }

    @Test
    void keepPolicies() {
        DuplicateResult pixels = find(false, KeepPolicy.MOST_PIXELS);
        assertEquals(new DuplicateGroup(1, List.of(0, 1, 2, 3), List.of(1.0, NaN, 2.0, 2.0)), pixels.groups().get(0));
        assertEquals(4, pixels.groups().get(1).kept(), "equal pixels and size: earlier dataset, then path b.png < b3.png");
        // a_chain (biggest file) is kept but a_copy is closer to a.png, kept too: it joins a.png
        assertEquals(List.of(new DuplicateGroup(4, List.of(4, 5, 6), List.of(NaN, 1.0, 1.0)),
                new DuplicateGroup(0, List.of(0, 1), List.of(NaN, 1.0))), find(false, KeepPolicy.LARGEST_FILE).groups());
        assertEquals(new DuplicateGroup(3, List.of(1, 3), List.of(2.0, NaN)),
                find(false, KeepPolicy.SMALLEST_FILE).groups().get(1));
        assertEquals(1, find(false, KeepPolicy.OLDEST).groups().get(0).kept());
        assertEquals(new DuplicateGroup(0, List.of(0, 1), List.of(NaN, 1.0)), find(false, KeepPolicy.NEWEST).groups().get(1));
        assertEquals(KeepPolicy.MOST_PIXELS, KeepPolicy.parse(" Largest "));
        assertEquals(KeepPolicy.LARGEST_FILE, KeepPolicy.parse("biggest"));
        assertEquals(KeepPolicy.SMALLEST_FILE, KeepPolicy.parse("smallest-file"));
        assertThrows(IllegalArgumentException.class, () -> KeepPolicy.parse("best"));
    }

    @Test
    void crossOnlyKeepsTheReferenceSideAndNeverRemovesReferenceImages() {
        for (KeepPolicy keep : KeepPolicy.values()) {
            DuplicateResult r = find(true, keep);
            assertEquals(List.of(new Match(0, 1, 1), new Match(1, 3, 2), new Match(4, 5, 1), new Match(5, 6, 2)), r.pairs());
            assertEquals(List.of(new DuplicateGroup(0, List.of(0, 1), List.of(NaN, 1.0)),
                    new DuplicateGroup(4, List.of(4, 5), List.of(NaN, 1.0))), r.groups(), keep.name());
            assertTrue(r.toRemove().stream().noneMatch(i -> i.file().dataset().equals(Fixtures.REF)));
        }
    }

    @Test
    void imagededupMaps() {
        DuplicateResult r = find(false, KeepPolicy.FIRST_DIR);
        Map<String, List<String>> dups = DuplicateMaps.duplicates(r);
        assertEquals(List.of("ref/a.png", "new/a_copy.png", "new/a_chain.png", "extra/a_x.png", "ref/b.png",
                "new/b2.png", "ref/b3.png", "ref/lonely.png"), List.copyOf(dups.keySet()));
        assertEquals(List.of("ref/a.png", "extra/a_x.png", "new/a_chain.png"), dups.get("new/a_copy.png"));
        assertEquals(List.of(), dups.get("ref/lonely.png"));
        List<Map.Entry<String, Number>> scored = DuplicateMaps.scored(r).get("ref/b3.png");
        assertEquals(List.of(Map.entry("ref/b.png", (Number) 1), Map.entry("new/b2.png", (Number) 2)), scored);
        assertTrue(scored.get(0).getValue() instanceof Integer);

        Map<String, List<String>> cross = DuplicateMaps.duplicates(find(true, KeepPolicy.FIRST_DIR));
        assertEquals(List.of("new/b2.png"), cross.get("ref/b3.png"));
        assertEquals(List.of(), cross.get("new/a_chain.png"));
    }

    @Test
    void cosineMapsCarryFloatSimilarities() {
        EncoderSpec cnn = new EncoderSpec("cnn", EncoderSpec.Metric.COSINE, 2, Map.of(), Map.of());
        List<EncodedImage> images = List.of(
                Fixtures.image(Fixtures.REF, "x.png", Embedding.of(new float[] {5, 0})),
                Fixtures.image(Fixtures.NEW, "y.png", Embedding.of(new float[] {3, 4})),
                Fixtures.image(Fixtures.NEW, "z.png", Embedding.of(new float[] {0, 1})));
        DuplicateResult r = DuplicateFinder.find(ORDER, cnn, images, List.of(), new SearchOptions(0.6, false),
                KeepPolicy.FIRST_DIR, new CosineSearch(1), Progress.NONE);
        assertEquals(List.of(new Match(0, 1, 0.6), new Match(1, 2, 0.8)), r.pairs());
        assertEquals(List.of(new DuplicateGroup(0, List.of(0, 1), List.of(NaN, 0.6))), r.groups());
        List<Map.Entry<String, Number>> y = DuplicateMaps.scored(r).get("new/y.png");
        assertEquals(List.of(Map.entry("new/z.png", (Number) 0.8f), Map.entry("ref/x.png", (Number) 0.6f)), y);
    }

    @Test
    void deterministicAcrossRunsAndWorkerCounts() {
        List<EncodedImage> images = HammingSearchTest.planted(4000, 64, 6, 2, 11);
        List<Dataset> order = List.of(Fixtures.NEW, Fixtures.REF);
        SearchOptions options = new SearchOptions(6, false);
        DuplicateResult one = DuplicateFinder.find(order, PHASH, images, List.of(), options, KeepPolicy.FIRST_DIR,
                new HammingSearch(1), Progress.NONE);
        DuplicateResult two = DuplicateFinder.find(order, PHASH, images, List.of(), options, KeepPolicy.FIRST_DIR,
                new HammingSearch(2, true), Progress.NONE);
        assertTrue(one.groups().size() > 50, "groups: " + one.groups().size());
        assertEquals(one, two);
        java.util.Set<Match> direct = new java.util.HashSet<>();
        one.pairs().forEach(m -> direct.add(new Match(m.a(), m.b(), 0)));
        java.util.Set<Integer> kept = new java.util.HashSet<>();
        for (int g = 0; g < one.groups().size(); g++) {
            DuplicateGroup group = one.groups().get(g);
            assertTrue(g == 0 || one.groups().get(g - 1).members().size() >= group.members().size());
            kept.add(group.kept());
            for (int m : group.removed()) {
                assertTrue(direct.contains(new Match(Math.min(m, group.kept()), Math.max(m, group.kept()), 0)),
                        m + " removed without a direct pair with " + group.kept());
            }
        }
        assertTrue(one.toRemove().stream().map(images::indexOf).noneMatch(kept::contains), "a kept image removed");
        assertThrows(IllegalArgumentException.class, () -> DuplicateFinder.find(List.of(Fixtures.REF), PHASH, images,
                List.of(), options, KeepPolicy.FIRST_DIR, new HammingSearch(1), Progress.NONE));
    }
}
