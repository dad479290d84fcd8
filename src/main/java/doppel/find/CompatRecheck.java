package doppel.find;

import doppel.dataset.ImageFile;
import doppel.dataset.SkippedFile;
import doppel.encode.BitHash;
import doppel.encode.EncodeSink;
import doppel.encode.EncodedImage;
import doppel.encode.EncoderSpec;
import doppel.encode.Fingerprint;
import doppel.encode.hash.HashEncoder;
import doppel.encode.hash.HashEncoders;
import doppel.encode.hash.HashOptions;
import doppel.progress.Progress;
import doppel.search.Match;
import doppel.search.PairSearch;
import doppel.search.SearchOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Never below imagededup: the fast decoding of the perceptual hashes (JPEG luma at reduced size, resized in grey)
 * flips a few bits against imagededup's full RGB decode, so a pair imagededup finds at distance {@code t} can come out of the fast
 * hashes a few bits above it. This search looks {@link #MARGINS} bits further, hashes the images of the pairs in
 * {@code (t, t + margin]} again with imagededup-compatible decoding, and adds those whose compatible distance is
 * within {@code t} (with that distance as their score). Pairs within {@code t} from the fast hashes stay as they are,
 * so the pairs found are a superset of imagededup's (up to the margin), at the cost of a full decode of the few
 * images near the threshold.
 *
 * <p>Only fast-mode ahash, dhash, phash and whash need it: compat mode is exact already, digests and embeddings
 * have no fast decoding.
 */
final class CompatRecheck implements PairSearch {
    /**
     * Bits beyond the threshold re-checked, per fast decode (the spec's "decode") and hash: the largest gap between
     * a pair's fast distance and the threshold among the pairs imagededup's hashes put within it that the fast
     * hashes miss, at the default threshold and at 10, on the calibration set (scripts/make-labelled-set --seed 1
     * --photos even; BENCHMARKS "Never below imagededup"), checked on held-out sets.
     * <ul>
     *   <li>"fast" (encodings saved before fast2): pHash needed 10 for one bordered image, the rest 2-6; these
     *       gaps came from resizing the whole reduced JPEG decode, whose partial last block stretches the picture
     *       (up to 106 grey levels off at sharp borders).</li>
     *   <li>{@link HashEncoder#FAST_DECODE} resizes only the region the picture covers, and the hash inputs stay
     *       within 29 grey levels of imagededup's (pHash; median 4); no image is more than 2 pHash or wHash bits
     *       off, and pHash's bits flip in pairs (two coefficients crossing the median), so 2 is the least margin
     *       that helps. Measured on seeds 1, 2 and 3 (--photos even, odd, odd): pHash and wHash need 2 on each;
     *       dHash (neighbours nearly equal) and aHash (pixels at the mean) keep long tails, 3 / 6 / 4 and
     *       2 / 4 / 4, and take the largest.</li>
     * </ul>
     */
    static final Map<String, Map<String, Integer>> MARGINS = Map.of(
            "fast", Map.of("phash", 10, "dhash", 6, "ahash", 6, "whash", 2),
            HashEncoder.FAST_DECODE, Map.of("phash", 2, "dhash", 6, "ahash", 4, "whash", 2));

    /**
     * The hashes re-checked by default ({@link NearThreshold#RECHECK_WHERE_CHEAP}): pHash, whose re-check with the
     * fast2 decode cost 4-18 % more CPU on dense labelled sets of edited copies and nothing measurable on unrelated
     * photos. dHash's and aHash's margins (6 and 4 bits) and wHash's many unrelated pairs near its threshold make
     * theirs cost far more (BENCHMARKS "Never below imagededup").
     */
    static final Set<String> CHEAP = Set.of("phash");

    /**
     * True when {@code spec}'s re-check is cheap: a {@link #CHEAP} hash of the current fast decode. Encodings of the
     * old decode searched on their own keep pHash's margin of 10, whose near pairs grow 7,000 times faster.
     */
    private static boolean cheap(EncoderSpec spec) {
        return CHEAP.contains(spec.name()) && HashEncoder.FAST_DECODE.equals(spec.variantParams().get("decode"));
    }

    private final PairSearch inner;
    private final HashEncoder compat;
    private final int margin;
    private volatile int rechecked;
    private volatile List<Match> added = List.of();

    private CompatRecheck(PairSearch inner, HashEncoder compat, int margin) {
        this.inner = inner;
        this.compat = compat;
        this.margin = margin;
    }

    /** True for the fingerprints that need the re-check: perceptual hashes made with fast decoding. */
    static boolean applies(EncoderSpec spec) {
        return spec.metric() == EncoderSpec.Metric.HAMMING && margins(spec) != null;
    }

    /**
     * {@code inner} wrapped with the re-check when {@code when} asks for it for {@code spec}'s hash and it
     * {@link #applies}, else {@code inner} itself.
     *
     * @param maxPixels the decoders' pixel limit for the full decodes
     */
    static PairSearch around(PairSearch inner, EncoderSpec spec, NearThreshold when, int workers, long maxPixels) {
        boolean asked = when == NearThreshold.RECHECK || when == NearThreshold.RECHECK_WHERE_CHEAP && cheap(spec);
        if (!asked || !applies(spec)) {
            return inner;
        }
        boolean dihedral = Boolean.parseBoolean(spec.variantParams().get("dihedral"));
        HashOptions options = new HashOptions(spec.params().get("hash_size"), true, dihedral, workers, maxPixels);
        // hash sizes other than 64 bits scale the margin as the default threshold scales
        int margin = (int) Math.ceil(margins(spec) * spec.size() / 64.0);
        return new CompatRecheck(inner, HashEncoders.create(spec.name(), options), margin);
    }

    /** The margin of {@code spec}'s hash and fast decode, or null when there is none. */
    private static Integer margins(EncoderSpec spec) {
        Map<String, Integer> byHash = MARGINS.get(spec.variantParams().get("decode"));
        return byHash == null ? null : byHash.get(spec.name());
    }

    /** The search that finds the candidates. */
    PairSearch inner() {
        return inner;
    }

    /** Bits beyond the threshold this re-check looks. */
    int margin() {
        return margin;
    }

    /** Pairs above the threshold hashed again in the last search, and those of them added. */
    int rechecked() {
        return rechecked;
    }

    int added() {
        return added.size();
    }

    /**
     * The pairs the last search added from the full-decode hashes. They are reported, but remove nothing: the
     * removal check re-fingerprints a pair with the encoder's own (fast) decoding, which puts them above the
     * threshold.
     */
    Set<Match> addedPairs() {
        return Set.copyOf(added);
    }

    @Override
    public List<Match> findPairs(List<EncodedImage> images, SearchOptions options, Progress progress) {
        int t = (int) Math.floor(options.threshold());
        List<Match> wide = inner.findPairs(images, new SearchOptions(t + margin, options.crossOnly()), progress);
        List<Match> out = new ArrayList<>();
        List<Match> near = new ArrayList<>();
        for (Match m : wide) {
            (m.score() <= t ? out : near).add(m);
        }
        rechecked = near.size();
        if (near.isEmpty()) {
            added = List.of();
            return out;
        }
        Set<Integer> needed = new TreeSet<>();
        near.forEach(m -> {
            needed.add(m.a());
            needed.add(m.b());
        });
        Map<ImageFile, EncodedImage> exact = compatHashes(needed.stream().map(i -> images.get(i).file()).toList());
        List<Match> extra = new ArrayList<>();
        for (Match m : near) {
            EncodedImage a = exact.get(images.get(m.a()).file());
            EncodedImage b = exact.get(images.get(m.b()).file());
            if (a != null && b != null) { // a file no longer readable keeps its fast verdict
                int d = distance(a, b);
                if (d <= t) {
                    extra.add(new Match(m.a(), m.b(), d));
                }
            }
        }
        added = List.copyOf(extra);
        out.addAll(extra);
        return out;
    }

    private Map<ImageFile, EncodedImage> compatHashes(List<ImageFile> files) {
        Map<ImageFile, EncodedImage> exact = new ConcurrentHashMap<>();
        compat.encode(files, new EncodeSink() {
            @Override
            public void encoded(EncodedImage image) {
                exact.put(image.file(), image);
            }

            @Override
            public void skipped(SkippedFile skipped) {
            }
        }, Progress.NONE);
        return exact;
    }

    /** As {@code HammingSearch}: the least distance of either image's variants (or original) to the other's original. */
    private static int distance(EncodedImage a, EncodedImage b) {
        int best = bits(a.fingerprint()).distance(bits(b.fingerprint()));
        for (Fingerprint v : a.variants()) {
            best = Math.min(best, bits(v).distance(bits(b.fingerprint())));
        }
        for (Fingerprint v : b.variants()) {
            best = Math.min(best, bits(a.fingerprint()).distance(bits(v)));
        }
        return best;
    }

    private static BitHash bits(Fingerprint f) {
        return (BitHash) f;
    }
}
