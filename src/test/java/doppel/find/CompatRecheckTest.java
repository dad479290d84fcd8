package doppel.find;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import doppel.dataset.ImageFile;
import doppel.encode.BitHash;
import doppel.encode.EncoderChoice;
import doppel.encode.EncoderSpec;
import doppel.encode.hash.HashEncoder;
import doppel.encode.hash.HashEncoders;
import doppel.encode.hash.HashOptions;
import doppel.dataset.Dataset;
import doppel.image.ImageLoader;
import doppel.search.Match;
import doppel.search.PairSearch;
import doppel.verify.SharedPhotos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import org.opencv.core.MatOfInt;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * The re-check of the fast hashes' near pairs (find's default for pHash, {@code --compat recheck} for every hash)
 * never misses a pair that imagededup-compatible hashes put within the threshold: on real photos and their
 * half-size q75 re-encodes, in two datasets.
 */
class CompatRecheckTest {
    private static final int PHOTOS = 10;

    @TempDir
    Path tmp;
    private Path a;
    private Path b;

    @BeforeEach
    void makeSets() throws Exception {
        a = Files.createDirectories(tmp.resolve("A"));
        b = Files.createDirectories(tmp.resolve("B"));
        for (Path photo : SharedPhotos.jpegs(PHOTOS)) {
            Files.copy(photo, a.resolve(photo.getFileName()));
            Mat src = Imgcodecs.imread(photo.toString());
            Mat half = new Mat();
            Imgproc.resize(src, half, new Size(src.cols() / 2, src.rows() / 2), 0, 0, Imgproc.INTER_AREA);
            Imgcodecs.imwrite(b.resolve(photo.getFileName()).toString(), half,
                    new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, 75));
        }
    }

    @Test
    void aPairAboveTheThresholdInFastHashesButWithinItInImagededupsIsFound() throws Exception {
        List<Path> files = files();
        List<BitHash> fast = hashes(files, false);
        List<BitHash> exact = hashes(files, true);
        // the pair whose fast distance exceeds its imagededup distance by the most (within the re-checked margin)
        int bestI = -1;
        int bestJ = -1;
        int bestGap = 0;
        for (int i = 0; i < files.size(); i++) {
            for (int j = i + 1; j < files.size(); j++) {
                int gap = fast.get(i).distance(fast.get(j)) - exact.get(i).distance(exact.get(j));
                if (gap > bestGap && gap <= CompatRecheck.MARGINS.get(HashEncoder.FAST_DECODE).get("phash") && exact.get(i).distance(exact.get(j)) <= 20) {
                    bestGap = gap;
                    bestI = i;
                    bestJ = j;
                }
            }
        }
        assertTrue(bestI >= 0, "no pair of these photos hashes further apart fast than imagededup does");
        int t = exact.get(bestI).distance(exact.get(bestJ));
        Set<Set<Path>> found = pairs(false, t);
        assertTrue(found.contains(Set.of(files.get(bestI), files.get(bestJ))), "fast distance "
                + fast.get(bestI).distance(fast.get(bestJ)) + ", imagededup " + t + ", threshold " + t + ": " + found);
        assertTrue(found.containsAll(pairs(true, t)));
    }

    /**
     * The command line without {@code --compat} re-checks pHash: at the imagededup distance of a pair the fast
     * hashes put further apart, {@code find} reports it where {@code --compat none} does not; dHash is not
     * re-checked unless asked.
     */
    @Test
    void theCommandLineReChecksPhashByDefaultAndNoneTurnsItOff() throws Exception {
        List<Path> files = files();
        List<BitHash> fast = hashes(files, false);
        List<BitHash> exact = hashes(files, true);
        int bestI = -1;
        int bestJ = -1;
        for (int i = 0; i < files.size() && bestI < 0; i++) {
            for (int j = i + 1; j < files.size() && bestI < 0; j++) {
                if (fast.get(i).distance(fast.get(j)) > exact.get(i).distance(exact.get(j))) {
                    bestI = i;
                    bestJ = j;
                }
            }
        }
        assertTrue(bestI >= 0, "no pair of these photos hashes further apart fast than imagededup does");
        String t = Integer.toString(exact.get(bestI).distance(exact.get(bestJ)));
        String pair = key(files.get(bestI)) + " | " + key(files.get(bestJ));
        Path byDefault = tmp.resolve("default.json");
        Path none = tmp.resolve("none.json");
        assertEquals(0, doppel.cli.Main.run("find", "--dirs", a.toString(), b.toString(), "-t", t, "-q", "--out", byDefault.toString()));
        assertEquals(0, doppel.cli.Main.run("find", "--dirs", a.toString(), b.toString(), "-t", t, "-q", "--compat", "none",
                "--out", none.toString()));
        assertTrue(mapPairs(byDefault).contains(pair), pair + " not in " + mapPairs(byDefault));
        assertFalse(mapPairs(none).contains(pair), pair + " found without the re-check");
    }

    /** leak and merge-datasets run the find their request builds with the same re-check, default or chosen. */
    @Test
    void leakAndMergeRequestsCarryTheReCheckToTheirFind() {
        assertEquals(FindRequest.DEFAULT_NEAR_THRESHOLD, LeakRequest.builder().query(b).reference(a).build().find().nearThreshold());
        assertEquals(NearThreshold.FAST_ONLY, LeakRequest.builder().query(b).reference(a)
                .nearThreshold(NearThreshold.FAST_ONLY).build().find().nearThreshold());
        assertEquals(FindRequest.DEFAULT_NEAR_THRESHOLD,
                MergeRequest.builder().datasets(a, b).into(tmp.resolve("full")).build().find().nearThreshold());
        assertEquals(NearThreshold.RECHECK, MergeRequest.builder().datasets(a, b).into(tmp.resolve("full"))
                .recheckNearThreshold(true).build().find().nearThreshold());
        assertEquals(NearThreshold.RECHECK_WHERE_CHEAP, FindRequest.builder().datasets(a).build().nearThreshold());
    }

    /** Where cheap means pHash of the current fast decode: the others are re-checked only when asked. */
    @Test
    void onlyPhashIsReCheckedWhereCheap() {
        PairSearch inner = new doppel.search.HammingSearch(1);
        for (String hash : List.of("phash", "dhash", "ahash", "whash")) {
            EncoderSpec spec = HashEncoders.create(hash, HashOptions.defaults()).spec();
            assertEquals(hash.equals("phash"), CompatRecheck.around(inner, spec, NearThreshold.RECHECK_WHERE_CHEAP, 1,
                    ImageLoader.DEFAULT_MAX_PIXELS) instanceof CompatRecheck, hash);
            assertTrue(CompatRecheck.around(inner, spec, NearThreshold.RECHECK, 1, ImageLoader.DEFAULT_MAX_PIXELS)
                    instanceof CompatRecheck, hash);
            assertSame(inner, CompatRecheck.around(inner, spec, NearThreshold.FAST_ONLY, 1, ImageLoader.DEFAULT_MAX_PIXELS));
        }
        // encodings of the old decode, searched on their own: its pHash margin of 10 is not cheap
        EncoderSpec old = new EncoderSpec("phash", EncoderSpec.Metric.HAMMING, 64, java.util.Map.of("hash_size", "8"),
                java.util.Map.of("decode", "fast", "dihedral", "false"));
        assertSame(inner, CompatRecheck.around(inner, old, NearThreshold.RECHECK_WHERE_CHEAP, 1, ImageLoader.DEFAULT_MAX_PIXELS));
        assertTrue(CompatRecheck.around(inner, old, NearThreshold.RECHECK, 1, ImageLoader.DEFAULT_MAX_PIXELS) instanceof CompatRecheck);
    }

    private List<Path> files() throws Exception {
        List<Path> files = new ArrayList<>();
        try (var s = Files.list(a); var t = Files.list(b)) {
            files.addAll(s.sorted().toList());
            files.addAll(t.sorted().toList());
        }
        return files;
    }

    private String key(Path file) {
        return file.getParent().getFileName() + "/" + file.getFileName();
    }

    /** The pairs of an imagededup map file, each as "x | y" with x before y. */
    private static Set<String> mapPairs(Path map) throws Exception {
        Set<String> pairs = new java.util.TreeSet<>();
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(map.toFile()).fields().forEachRemaining(e ->
                e.getValue().forEach(v -> {
                    String other = v.isArray() ? v.get(0).asText() : v.asText();
                    pairs.add(e.getKey().compareTo(other) < 0 ? e.getKey() + " | " + other : other + " | " + e.getKey());
                }));
        return pairs;
    }

    @Test
    void theDefaultFindsEveryPairImagededupModeFinds() {
        for (int t : new int[] {4, 10, 16}) {
            assertNoneMissed("phash", t);
        }
    }

    /** Each hash at its default threshold and at 10, the edges the margins were measured at. */
    @Test
    void everyHashFindsEveryPairImagededupModeFindsAtItsDefaultAndAt10() {
        for (String hash : CompatRecheck.MARGINS.get(HashEncoder.FAST_DECODE).keySet()) {
            int byDefault = (int) doppel.encode.EncoderRegistry.get(hash).threshold();
            assertNoneMissed(hash, byDefault);
            if (byDefault != 10) {
                assertNoneMissed(hash, 10);
            }
        }
    }

    private void assertNoneMissed(String hash, int t) {
        Set<Set<Path>> fast = pairs(hash, false, t);
        Set<Set<Path>> compat = pairs(hash, true, t);
        Set<Set<Path>> missed = new HashSet<>(compat);
        missed.removeAll(fast);
        assertTrue(missed.isEmpty(), hash + " t=" + t + ": missed " + missed);
    }

    private Set<Set<Path>> pairs(boolean compat, int t) {
        return pairs("phash", compat, t);
    }

    private Set<Set<Path>> pairs(String hash, boolean compat, int t) {
        FindRun run = Finder.find(FindRequest.builder().datasets(a, b)
                .encoder(new EncoderChoice(hash, "8", compat, false, 2, ImageLoader.DEFAULT_MAX_PIXELS, null, "cpu", 1))
                .threshold((double) t).recheckNearThreshold(!compat).build());
        Set<Set<Path>> out = new HashSet<>();
        for (Match m : run.pairs()) {
            out.add(Set.of(run.result().images().get(m.a()).file().path(), run.result().images().get(m.b()).file().path()));
        }
        return out;
    }

    private static List<BitHash> hashes(List<Path> files, boolean compat) throws Exception {
        HashEncoder encoder = HashEncoders.create("phash", HashOptions.defaults().withCompatImagededup(compat));
        try {
            List<BitHash> out = new ArrayList<>();
            for (Path f : files) {
                Dataset ds = new Dataset(f.getParent().getFileName().toString(), f.getParent());
                out.add((BitHash) encoder.encodeOne(new ImageFile(ds, f.getFileName().toString(),
                        Files.size(f), 0)).fingerprint());
            }
            return out;
        } finally {
            encoder.close();
        }
    }
}
