package doppel.find;

import doppel.act.RemovalProof;
import doppel.dataset.Dataset;
import doppel.encode.EncodedImage;
import doppel.encode.EncoderChoice;
import doppel.encode.EncoderRegistry;
import doppel.encode.EncoderSpec;
import doppel.image.ImageLoader;
import doppel.results.PairEvidence;
import doppel.search.DuplicateFinder;
import doppel.search.DuplicateResult;
import doppel.search.Match;
import doppel.search.PairSearch;
import doppel.search.PairSearches;
import doppel.verify.Thorough;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The find use case: scan and encode the datasets (reusing saved encodings), search every pair within the
 * threshold, group them, choose the image to keep, and decide the files to remove, confirming each removal
 * pair from the files when the run is to act. For encoders whose hash alone cannot prove a removal (see
 * {@link EncoderRegistry#removalsNeedVerification}) each removal pair is also verified geometrically. With
 * {@code --thorough}, a pair beyond the threshold that is verified geometrically removes its file like a pair within
 * it: each removal carries its {@link RemovalProof}. Asked to ({@link FindRequest#nearThreshold}), pairs of
 * fast-decoded perceptual hashes a few bits above the threshold are re-checked with imagededup's decoding
 * ({@link CompatRecheck}), so no pair imagededup finds is missed (such pairs are reported, never acted on). Changes nothing on disk but the encodings file asked for.
 *
 * <pre>{@code
 * FindRun run = Finder.find(FindRequest.builder().datasets(Path.of("A"), Path.of("B")).build());
 * run.toRemove().forEach(System.out::println);
 * }</pre>
 */
public final class Finder {
    private Finder() {
    }

    /** Encodes (or loads) the request's images and finds their duplicates. */
    public static FindRun find(FindRequest request) {
        return search(request, encode(request));
    }

    /** The first half of {@link #find}: the encodings to search, saved when the request asks. */
    public static EncodeStep.Outcome encode(FindRequest request) {
        return encode(request, datasets -> null);
    }

    /**
     * {@link #encode(FindRequest)} with embeddings' dihedral variants for some datasets only (see
     * {@link EncodeStep#run(java.util.function.Supplier, doppel.encodings.Encodings, EncoderChoice, java.nio.file.Path,
     * doppel.progress.Progress, Function)}).
     */
    static EncodeStep.Outcome encode(FindRequest request, Function<List<Dataset>, Set<String>> variantsFor) {
        EncoderChoice choice = request.scans() ? request.encoderFor(request.encodingsIn()) : null;
        return EncodeStep.run(request.scans() ? request::scan : null, request.encodingsIn(), choice,
                request.encodingsOut(), request.progress(), variantsFor);
    }

    /** The second half of {@link #find}: search, group, keep, and decide what to remove. */
    public static FindRun search(FindRequest request, EncodeStep.Outcome encoded) {
        EncoderSpec spec = encoded.encodings().spec();
        EncoderChoice choice = request.encoderFor(encoded.encodings());
        long start = System.nanoTime();
        PairSearch search = PairSearches.forSpec(spec, choice.workers(), choice.device(), request.approximate(),
                request.hnswK());
        // asked for, fast-decoded perceptual hashes: pairs just above the threshold are hashed again as imagededup does
        PairSearch recheck = CompatRecheck.around(search, spec, request.nearThreshold(), choice.workers(), choice.maxPixels());
        DuplicateResult result = Grouping.search(encoded.encodings().datasets(), spec, encoded.encodings().images(),
                encoded.encodings().skipped(), request.threshold(), request.crossOnly(), request.keep(), recheck,
                request.progress());
        if (recheck instanceof CompatRecheck r && !r.addedPairs().isEmpty()) {
            Set<Match> added = r.addedPairs();
            result = DuplicateFinder.regroup(result, result.pairs().stream().filter(m -> !added.contains(m)).toList());
        }
        boolean verifies = EncoderRegistry.removalsNeedVerification(spec);
        // Created only when used: the verifier loads OpenCV's native library.
        Thorough verifier = request.thorough() || verifies ? new Thorough(new ImageLoader(choice.maxPixels()), request.featureCache()) : null;
        List<Match> searched = result.pairs();
        Thorough.Outcome thorough = null;
        if (request.thorough()) {
            thorough = verifier.find(result, request.progress());
            result = thorough.result();
        }
        Map<List<String>, PairEvidence> evidence = byPair(thorough == null ? List.of() : thorough.evidence());
        RemovalDecision.ProofOf proofs = proofs(result, searched, evidence);
        List<EncodedImage> images = result.images();
        KeptBoth.Lacks lacks = (removed, kept) -> {
            String removedKey = images.get(removed).file().key();
            String keptKey = images.get(kept).file().key();
            PairEvidence e = evidence.get(List.of(removedKey, keptKey));
            if (e == null) {
                return null;
            }
            RemovalProof.Geometry g = RemovalProof.verified(e, removedKey).geometry();
            return RemovalProof.whyKeptLacks(g.covered(), g.alpha(), keptKey);
        };
        Thorough.Verified verified = null;
        if (verifies) {
            verified = verifier.verifyRemovals(result, request.progress());
            result = verified.result();
        }
        KeptBoth keptBoth = KeptBoth.NONE;
        if (thorough != null) { // pHash only, whose removals verifyRemovals never regroups
            keptBoth = KeptBoth.of(result, lacks);
            result = keptBoth.result();
        }
        request.progress().close();
        double seconds = (System.nanoTime() - start) / 1e9;
        // With datasets named, those that come only from saved encodings are searched against, never acted on.
        Set<String> actOn = request.scans() ? encoded.scanned() : null;
        RemovalDecision.Outcome check = RemovalDecision.run(result, proofs, encoded.savedKeys(), actOn,
                request.confirms(), choice.workers(), encoded.sha256());
        return new FindRun(request, encoded, result, search, seconds, check, thorough, verified, keptBoth,
                recheck instanceof CompatRecheck r ? r : null);
    }

    /**
     * The proof of each removal pair: its fingerprints when the search found it within the threshold (aHash and
     * wHash pairs are verified on top, as their encoder requires), else the geometric verification of
     * {@code --thorough}, the only other source of pairs.
     */
    private static RemovalDecision.ProofOf proofs(DuplicateResult result, List<Match> searched,
                                                  Map<List<String>, PairEvidence> evidence) {
        Set<List<Integer>> hashPairs = new HashSet<>();
        searched.forEach(m -> hashPairs.add(pair(m.a(), m.b())));
        return (removed, kept) -> {
            PairEvidence e = evidence.get(List.of(result.images().get(removed).file().key(),
                    result.images().get(kept).file().key()));
            return hashPairs.contains(pair(removed, kept)) || e == null ? RemovalProof.FINGERPRINT
                    : RemovalProof.verified(e, result.images().get(removed).file().key());
        };
    }

    /** Each verified pair's evidence under both orders of its keys. */
    private static Map<List<String>, PairEvidence> byPair(List<PairEvidence> verified) {
        Map<List<String>, PairEvidence> evidence = new HashMap<>();
        for (PairEvidence e : verified) {
            evidence.put(List.of(e.a(), e.b()), e);
            evidence.put(List.of(e.b(), e.a()), e);
        }
        return evidence;
    }

    private static List<Integer> pair(int a, int b) {
        return List.of(Math.min(a, b), Math.max(a, b));
    }
}
