package doppel.verify;

import doppel.encode.EncodedImage;
import doppel.encode.hash.PerceptualHash;
import doppel.image.Dihedral;
import doppel.image.GrayImage;
import doppel.image.GrayViews;
import doppel.image.ImageException;
import doppel.image.ImageInfo;
import doppel.image.ImageLoader;
import doppel.image.PilLanczos;
import doppel.progress.Progress;
import doppel.results.PairEvidence;
import doppel.search.DuplicateFinder;
import doppel.search.DuplicateGroup;
import doppel.search.DuplicateResult;
import doppel.search.Match;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * {@code find --thorough}: finds the copies a global fingerprint misses (crops, added borders and letterbox bars,
 * small rotations, flips and 90-degree turns) and proves each one geometrically.
 *
 * <p>Candidates come generously from cheap signals: the pHash of each image's eight rotations and flips, and the
 * pHash of its content box (the image with uniform borders trimmed, {@link ContentBox}), compared with a distance
 * far above the duplicate threshold, the pHash of sub-windows of each image (which a crop resembles), and the ORB
 * descriptors two images share ({@link SharedKeypoints}: a crop keeps its original's keypoints wherever it was
 * cut), at most {@link #CANDIDATES_PER_IMAGE} nearest per image and signal. Every candidate is
 * then verified by {@link GeometricVerifier}; only verified candidates are added. The pairs of the ordinary search
 * stay whatever the verifier says; they get evidence when it confirms them.
 *
 * <p>An image with transparent pixels is seen two ways: as every encoder decodes it (alpha dropped, so the colour
 * stored under transparent pixels shows, often black) and composited onto white, as exporters flatten it (a JPEG
 * copy of a transparent PNG shows the picture over white). Each signal above looks at both pictures, and a pair is
 * verified as decoded, then with its images that have transparent pixels over white; evidence verified on a picture
 * over white says so ({@link PairEvidence#alpha}), so that {@code apply} composites it again. Opaque
 * images (every JPEG) have one picture and cost nothing more.
 *
 * <p>The same verifier proves the removals of encoders whose hash alone cannot ({@link #verifyRemovals}).
 */
public final class Thorough {
    /** pHash distance (of 64 bits) up to which a pair is a candidate; unrelated photos sit near 32. */
    static final int CANDIDATE_DISTANCE = 24;
    /** Nearest candidates kept per image, so that verification costs at most this many checks per image. */
    static final int CANDIDATES_PER_IMAGE = 6;
    /** Side the grey image is decoded at (at least) for the candidate hashes and the content box. */
    private static final int HASH_DECODE = 160;

    private final ImageLoader loader;
    private final FeatureExtractor extractor;
    private final FeatureCache cache;
    private final GeometricVerifier verifier = new GeometricVerifier();
    private final PerceptualHash phash = PerceptualHash.of("phash", "8");
    /** Features per image index, extracted (or read from the cache) once per run, before the pairs needing them. */
    private final Map<Integer, Features> features = new ConcurrentHashMap<>();

    /** A verifier whose keypoints live only as long as the run. */
    public Thorough(ImageLoader loader) {
        this(loader, FeatureCache.inMemory());
    }

    /** A verifier that reuses and updates the keypoints saved in {@code cache}. */
    public Thorough(ImageLoader loader, FeatureCache cache) {
        this.loader = loader;
        this.extractor = new FeatureExtractor(loader);
        this.cache = cache;
    }

    /**
     * The ordinary search's result plus the verified candidates, and the evidence of every verified pair.
     *
     * @param cacheNote what the feature cache did (images read from it, extracted, and whether it was saved)
     */
    public record Outcome(DuplicateResult result, List<PairEvidence> evidence, int candidates, int added,
                          String cacheNote) {
    }

    /** Looks past {@code base} (an ordinary search over the same images) for verified copies. */
    public Outcome find(DuplicateResult base, Progress progress) {
        List<EncodedImage> images = base.images();
        Signature[] sigs = new Signature[images.size()];
        Features[] all = new Features[images.size()];
        progress.start("thorough: fingerprints and keypoints", images.size());
        IntStream.range(0, images.size()).parallel().forEach(i -> {
            sigs[i] = signature(images.get(i));
            all[i] = features(images, i);
            progress.step(1);
        });
        Map<Long, Candidate> candidates = candidates(images, sigs, base.options().crossOnly());
        sharedKeypointCandidates(images, sigs, all, base.options().crossOnly()).forEach((k, c) -> candidates.merge(k, c,
                (x, y) -> x));
        Map<Long, Double> known = new HashMap<>();
        for (Match m : base.pairs()) {
            known.put(key(m.a(), m.b()), m.score());
            candidates.put(key(m.a(), m.b()), new Candidate(m.a(), m.b(), (int) Math.round(m.score()), "hash",
                    candidates.containsKey(key(m.a(), m.b())) && candidates.get(key(m.a(), m.b())).mirror()));
        }
        List<Candidate> toCheck = new ArrayList<>(candidates.values());
        toCheck.sort(Comparator.comparingInt(Candidate::a).thenComparingInt(Candidate::b));
        progress.start("thorough: verify", toCheck.size());
        PairEvidence[] found = new PairEvidence[toCheck.size()];
        IntStream.range(0, toCheck.size()).parallel().forEach(i -> {
            found[i] = verify(images, toCheck.get(i), true);
            progress.step(1);
        });
        List<Match> pairs = new ArrayList<>(base.pairs());
        List<PairEvidence> evidence = new ArrayList<>();
        int added = 0;
        for (int i = 0; i < found.length; i++) {
            Candidate c = toCheck.get(i);
            if (found[i] != null) {
                evidence.add(found[i]);
                if (!known.containsKey(key(c.a(), c.b()))) {
                    pairs.add(new Match(c.a(), c.b(), c.distance()));
                    added++;
                }
            }
        }
        features.clear();
        DuplicateResult result = DuplicateFinder.find(base.datasets(), base.spec(), images, base.skipped(),
                base.options(), base.keep(), (imgs, options, p) -> pairs, progress);
        return new Outcome(result, evidence, toCheck.size(), added, saveCache());
    }

    /**
     * What {@link #verifyRemovals} decided.
     *
     * @param result   the search's result, regrouped so that every removal pair is verified
     * @param evidence the evidence of every verified removal pair
     * @param checked  removal pairs checked
     * @param refused  removal pairs the verifier did not confirm (their files stay; the pairs stay as related)
     * @param cacheNote what the feature cache did
     */
    public record Verified(DuplicateResult result, List<PairEvidence> evidence, int checked, int refused,
                           String cacheNote) {
    }

    /**
     * Proves each removal of {@code base} geometrically, for encoders whose hash alone cannot: a removal pair the
     * verifier does not confirm can no longer remove anything, and the groups are decided again from the pairs
     * left (which may make a file that was removed the kept image of others, whose pairs are then checked in
     * turn), until every removal pair is verified. Every pair of {@code base} stays in the result as related.
     */
    public Verified verifyRemovals(DuplicateResult base, Progress progress) {
        List<EncodedImage> images = base.images();
        boolean dihedral = "true".equals(base.spec().variantParams().get("dihedral"));
        Map<Long, Optional<PairEvidence>> verdicts = new HashMap<>();
        List<Match> removable = new ArrayList<>(base.pairs());
        DuplicateResult result = base;
        while (true) {
            List<Candidate> toCheck = new ArrayList<>();
            for (DuplicateGroup g : result.groups()) {
                for (int m : g.removed()) {
                    if (!verdicts.containsKey(key(m, g.kept()))) {
                        toCheck.add(new Candidate(Math.min(m, g.kept()), Math.max(m, g.kept()), 0, "hash", false));
                    }
                }
            }
            if (toCheck.isEmpty()) {
                break;
            }
            extractAll(images, toCheck, progress);
            progress.start("verify removals", toCheck.size());
            PairEvidence[] found = new PairEvidence[toCheck.size()];
            IntStream.range(0, toCheck.size()).parallel().forEach(i -> {
                found[i] = verifyHashPair(images, toCheck.get(i), dihedral);
                progress.step(1);
            });
            for (int i = 0; i < found.length; i++) {
                verdicts.put(key(toCheck.get(i).a(), toCheck.get(i).b()), Optional.ofNullable(found[i]));
            }
            // pairs not checked yet stay: they are checked when a regrouping makes them removal pairs
            removable.removeIf(m -> verdicts.containsKey(key(m.a(), m.b())) && verdicts.get(key(m.a(), m.b())).isEmpty());
            result = DuplicateFinder.regroup(base, removable);
        }
        List<PairEvidence> evidence = new ArrayList<>();
        for (DuplicateGroup g : result.groups()) {
            for (int m : g.removed()) {
                evidence.add(verdicts.get(key(m, g.kept())).orElseThrow());
            }
        }
        int refused = (int) verdicts.values().stream().filter(Optional::isEmpty).count();
        return new Verified(result, evidence, verdicts.size(), refused, saveCache());
    }

    /**
     * What {@link #verifyPairs} decided.
     *
     * @param result   the search's result with only the verified pairs, grouped anew
     * @param evidence the evidence of every verified pair
     * @param refused  pairs the verifier did not confirm (dropped)
     */
    public record Checked(DuplicateResult result, List<PairEvidence> evidence, int refused) {
    }

    /**
     * Proves every pair of {@code base} geometrically and keeps only those it confirms: for reports that list pairs
     * rather than removals ({@code leak}), made with encoders whose hash alone cannot tell a copy from a look-alike.
     */
    public Checked verifyPairs(DuplicateResult base, Progress progress) {
        List<EncodedImage> images = base.images();
        boolean dihedral = "true".equals(base.spec().variantParams().get("dihedral"));
        List<Match> pairs = base.pairs();
        List<Candidate> toCheck = pairs.stream()
                .map(m -> new Candidate(Math.min(m.a(), m.b()), Math.max(m.a(), m.b()), 0, "hash", false)).toList();
        extractAll(images, toCheck, progress);
        progress.start("verify pairs", pairs.size());
        PairEvidence[] found = new PairEvidence[pairs.size()];
        IntStream.range(0, pairs.size()).parallel().forEach(i -> {
            found[i] = verifyHashPair(images, toCheck.get(i), dihedral);
            progress.step(1);
        });
        features.clear();
        List<Match> verified = new ArrayList<>();
        List<PairEvidence> evidence = new ArrayList<>();
        for (int i = 0; i < found.length; i++) {
            if (found[i] != null) {
                verified.add(pairs.get(i));
                evidence.add(found[i]);
            }
        }
        DuplicateResult result = DuplicateFinder.find(base.datasets(), base.spec(), images, base.skipped(),
                base.options(), base.keep(), (imgs, options, p) -> verified, progress);
        return new Checked(result, evidence, pairs.size() - verified.size());
    }

    /**
     * The pHashes of an image, one row per picture of it (as decoded, then over white when it has transparent
     * pixels): of its eight dihedral variants, of its content box (only for pictures with a border), and of
     * {@link #WINDOWS} sub-windows.
     */
    private record Signature(long[][] whole, long[][] box, long[][] windows) {
    }

    /**
     * A pair to verify.
     *
     * @param mirror whether the closest variant was a mirror image (verify against the mirrored keypoints)
     */
    private record Candidate(int a, int b, int distance, String source, boolean mirror) {
    }

    /** Linear sizes of the sub-windows hashed to propose crops, each at 3 x 3 positions (corners, edges, centre). */
    private static final double[] WINDOWS = {0.9, 0.8};

    private Signature signature(EncodedImage image) {
        try {
            byte[] data = ImageLoader.readBytes(image.file().path());
            ImageInfo info = loader.probe(data);
            GrayViews views = loader.decodeGrayViewsAtLeast(data, info, HASH_DECODE, HASH_DECODE);
            List<GrayImage> pictures = views.overWhite() == null ? List.of(views.plain())
                    : List.of(views.plain(), views.overWhite());
            List<long[]> whole = new ArrayList<>();
            List<long[]> boxes = new ArrayList<>();
            List<long[]> windows = new ArrayList<>();
            for (GrayImage gray : pictures) {
                ContentBox box = ContentBox.of(gray);
                whole.add(variants(gray));
                if (!box.isWhole(gray)) {
                    boxes.add(variants(box.crop(gray)));
                }
                windows.add(windows(gray));
            }
            return new Signature(whole.toArray(long[][]::new), boxes.toArray(long[][]::new),
                    windows.toArray(long[][]::new));
        } catch (ImageException | RuntimeException e) {
            return null; // it was encoded once, so this is a file changed since; the ordinary pairs still stand
        }
    }

    /**
     * The pHashes of the eight rotations and flips, each from the one hash-size resize turned or flipped: these are
     * candidate signals only, so the few bits by which resizing a turned image differs do not matter, and turning
     * the full image seven times was most of the fingerprint pass.
     */
    private long[] variants(GrayImage gray) {
        GrayImage small = PilLanczos.resize(gray, phash.targetWidth(), phash.targetHeight());
        long[] out = new long[8];
        out[0] = phash.hash(small).words()[0];
        for (int v = 0; v < 7; v++) {
            out[v + 1] = phash.hash(Dihedral.NON_IDENTITY.get(v).apply(small)).words()[0];
        }
        return out;
    }

    private long[] windows(GrayImage gray) {
        long[] out = new long[WINDOWS.length * 9];
        int k = 0;
        for (double size : WINDOWS) {
            int w = (int) Math.round(gray.width() * size);
            int h = (int) Math.round(gray.height() * size);
            for (int py = 0; py < 3; py++) {
                for (int px = 0; px < 3; px++) {
                    ContentBox window = new ContentBox((gray.width() - w) * px / 2, (gray.height() - h) * py / 2, w, h);
                    out[k++] = hash(window.crop(gray));
                }
            }
        }
        return out;
    }

    private long hash(GrayImage gray) {
        return phash.hash(PilLanczos.resize(gray, phash.targetWidth(), phash.targetHeight())).words()[0];
    }

    /** Mirror images among {@link Dihedral}'s order (identity first, then {@link Dihedral#NON_IDENTITY}). */
    private static boolean mirrors(int variant) {
        return variant >= 4;
    }

    private Map<Long, Candidate> candidates(List<EncodedImage> images, Signature[] sigs, boolean crossOnly) {
        int n = images.size();
        List<List<Candidate>> nearest = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            nearest.add(List.of());
        }
        IntStream.range(0, n).parallel().forEach(i -> {
            if (sigs[i] == null) {
                return;
            }
            List<List<Candidate>> bySource = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            String dataset = images.get(i).file().dataset().name();
            for (int j = 0; j < n; j++) {
                if (j == i || sigs[j] == null || crossOnly && images.get(j).file().dataset().name().equals(dataset)) {
                    continue;
                }
                add(bySource.get(0), closest(i, j, sigs[i].whole, sigs[j].whole, "dihedral"));
                if (sigs[i].box.length > 0 || sigs[j].box.length > 0) {
                    add(bySource.get(1), closest(i, j, both(sigs[i]), both(sigs[j]), "content-box"));
                }
                add(bySource.get(2), closest(i, j, sigs[i].windows, sigs[j].whole, "crop-window"));
            }
            List<Candidate> mine = new ArrayList<>();
            for (List<Candidate> list : bySource) {
                list.sort(Comparator.comparingInt(Candidate::distance).thenComparingInt(c -> c.a() + c.b()));
                mine.addAll(list.subList(0, Math.min(CANDIDATES_PER_IMAGE, list.size())));
            }
            nearest.set(i, mine);
        });
        Map<Long, Candidate> out = new HashMap<>();
        for (List<Candidate> list : nearest) {
            for (Candidate c : list) {
                out.merge(key(c.a(), c.b()), c, (x, y) -> x.distance() <= y.distance() ? x : y);
            }
        }
        return out;
    }

    /** At most {@link #CANDIDATES_PER_IMAGE} images per image sharing the most ORB descriptors with it. */
    private Map<Long, Candidate> sharedKeypointCandidates(List<EncodedImage> images, Signature[] sigs, Features[] all,
                                                           boolean crossOnly) {
        SharedKeypoints index = new SharedKeypoints(all);
        List<List<Candidate>> nearest = new ArrayList<>();
        for (int i = 0; i < all.length; i++) {
            nearest.add(List.of());
        }
        IntStream.range(0, all.length).parallel().forEach(i -> {
            if (all[i] == null) {
                return;
            }
            String dataset = images.get(i).file().dataset().name();
            List<Candidate> mine = new ArrayList<>();
            for (SharedKeypoints.Neighbour n : index.nearest(i, all[i], CANDIDATES_PER_IMAGE,
                    j -> crossOnly && images.get(j).file().dataset().name().equals(dataset))) {
                mine.add(new Candidate(Math.min(i, n.other()), Math.max(i, n.other()),
                        wholeDistance(sigs[i], sigs[n.other()]), "shared-keypoints", n.mirror()));
            }
            nearest.set(i, mine);
        });
        Map<Long, Candidate> out = new HashMap<>();
        for (List<Candidate> list : nearest) {
            for (Candidate c : list) {
                out.putIfAbsent(key(c.a(), c.b()), c);
            }
        }
        return out;
    }

    /**
     * The pHash distance of two images, the closest of the second's rotations and flips, either image's pictures
     * (64 when unknown).
     */
    private static int wholeDistance(Signature a, Signature b) {
        if (a == null || b == null) {
            return 64;
        }
        int best = 64;
        for (long[] mine : a.whole) {
            for (long[] theirs : b.whole) {
                for (long v : theirs) {
                    best = Math.min(best, Long.bitCount(mine[0] ^ v));
                }
            }
        }
        return best;
    }

    /** The whole-image rows of a signature, then its content-box rows. */
    private static long[][] both(Signature s) {
        long[][] out = Arrays.copyOf(s.whole, s.whole.length + s.box.length);
        System.arraycopy(s.box, 0, out, s.whole.length, s.box.length);
        return out;
    }

    private static void add(List<Candidate> list, Candidate c) {
        if (c != null) {
            list.add(c);
        }
    }

    /**
     * The closest pair of one of i's hashes (the first of each row: identity) and any of j's variants, when within
     * {@link #CANDIDATE_DISTANCE}; for {@code crop-window}, every hash of i's rows counts.
     */
    private static Candidate closest(int i, int j, long[][] mine, long[][] theirs, String source) {
        int best = Integer.MAX_VALUE;
        boolean mirror = false;
        int count = source.equals("crop-window") ? mine[0].length : 1;
        for (long[] row : mine) {
            for (int w = 0; w < count; w++) {
                for (long[] other : theirs) {
                    for (int v = 0; v < 8; v++) {
                        int d = Long.bitCount(row[w] ^ other[v]);
                        if (d < best) {
                            best = d;
                            mirror = mirrors(v);
                        }
                    }
                }
            }
        }
        return best <= CANDIDATE_DISTANCE ? new Candidate(Math.min(i, j), Math.max(i, j), best, source, mirror) : null;
    }

    /**
     * Verifies a pair the hashes matched; with dihedral variants it may have been a mirror image's hash that matched,
     * so a pair that does not verify straight is tried against the mirrored keypoints.
     */
    private PairEvidence verifyHashPair(List<EncodedImage> images, Candidate c, boolean dihedral) {
        PairEvidence e = verify(images, c, false);
        return e == null && dihedral ? verify(images, new Candidate(c.a(), c.b(), 0, "hash", true), false) : e;
    }

    /**
     * Verifies a candidate on the images as decoded, and where {@code overWhite} and either image has transparent
     * pixels, then with each such image over white (the other as it is); the first that verifies is the evidence.
     * Encoders fingerprint the images as decoded, so the pairs they found are verified on those pictures only.
     */
    private PairEvidence verify(List<EncodedImage> images, Candidate c, boolean overWhite) {
        Features fa = features(images, c.a());
        Features fb = features(images, c.b());
        if (fa == null || fb == null) {
            return null;
        }
        List<Features[]> tries = new ArrayList<>();
        tries.add(new Features[] {fa, fb});
        if (overWhite && (fa.overWhite() != null || fb.overWhite() != null)) {
            // each image with transparent pixels over white, against the other as it is (a flattened copy is opaque)
            tries.add(new Features[] {fa.overWhite() != null ? fa.overWhite() : fa,
                fb.overWhite() != null ? fb.overWhite() : fb});
        }
        for (Features[] pair : tries) {
            GeometricVerifier.Match m = verifier.verify(pair[0], pair[1], c.mirror());
            if (m != null) {
                return new PairEvidence(images.get(c.a()).file().key(), images.get(c.b()).file().key(), c.source(),
                        m.inliers(), m.matches(), round(m.scale(), 3), round(m.angle(), 1), m.flip(), round(m.boxA()),
                        round(m.boxB()), round(m.shownA(), 3), round(m.shownB(), 3), null,
                        PairEvidence.Alpha.of(pair[0] != fa, pair[1] != fb));
            }
        }
        return null;
    }

    private static final Features UNREADABLE = new Features(0, 0, new float[0], new byte[0],
            new Features.Side(new float[0], new byte[0]), new ContentBox(0, 0, 0, 0));

    /**
     * The features of image {@code i}, or null when it cannot be read. Extracted by {@link #extractAll} (or the
     * fingerprint pass) before the pairs that need them are verified in parallel: extracting inside the map's
     * compute would hold other threads waiting on the same image.
     */
    private Features features(List<EncodedImage> images, int i) {
        Features f = features.get(i);
        if (f == null) {
            try {
                f = cache.get(images.get(i).file().path(), extractor::extract);
            } catch (ImageException | RuntimeException e) {
                f = UNREADABLE;
            }
            features.put(i, f);
        }
        return f == UNREADABLE ? null : f;
    }

    /** Extracts, in parallel, the features of every image in {@code pairs} not extracted yet. */
    private void extractAll(List<EncodedImage> images, List<Candidate> pairs, Progress progress) {
        int[] todo = pairs.stream().flatMapToInt(c -> IntStream.of(c.a(), c.b())).distinct()
                .filter(i -> !features.containsKey(i)).toArray();
        progress.start("keypoints", todo.length);
        Arrays.stream(todo).parallel().forEach(i -> {
            features(images, i);
            progress.step(1);
        });
    }

    /** One line on the feature cache, after writing it back (a failure to write is reported, not fatal). */
    private String saveCache() {
        String note = String.format("keypoints: %d images read from the cache, %d extracted", cache.hits(), cache.misses());
        if (!cache.persistent()) {
            return note;
        }
        try {
            cache.save();
            return note + ", cache saved";
        } catch (java.io.IOException | RuntimeException e) {
            return note + ", cache NOT saved: " + e.getMessage();
        }
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    private static double[] round(double[] box) {
        return Arrays.stream(box).map(v -> round(v, 3)).toArray();
    }

    private static long key(int a, int b) {
        return (long) Math.min(a, b) << 32 | Math.max(a, b);
    }
}
