package doppel.find;

import doppel.encode.EncoderChoice;
import doppel.encode.EncoderRegistry;
import doppel.encode.EncoderSpec;
import doppel.encode.Threshold;
import doppel.image.ImageLoader;
import doppel.search.DuplicateFinder;
import doppel.search.DuplicateResult;
import doppel.search.PairSearch;
import doppel.search.PairSearches;
import doppel.search.SearchOptions;
import doppel.verify.Thorough;
import java.util.Set;

/**
 * The find use case: scan and encode the datasets (reusing saved encodings), search every pair within the
 * threshold, group them, choose the image to keep, and decide the files to remove, confirming each removal
 * pair from the files when the run is to act. For encoders whose hash alone cannot prove a removal (see
 * {@link EncoderRegistry#removalsNeedVerification}) each removal pair is also verified geometrically. Changes nothing on disk but the encodings file asked for.
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
        EncoderChoice choice = request.scans() ? request.encoderFor(request.encodingsIn()) : null;
        return EncodeStep.run(request.scans() ? request::scan : null, request.encodingsIn(), choice,
                request.encodingsOut(), request.progress());
    }

    /** The second half of {@link #find}: search, group, keep, and decide what to remove. */
    public static FindRun search(FindRequest request, EncodeStep.Outcome encoded) {
        EncoderSpec spec = encoded.encodings().spec();
        SearchOptions options = new SearchOptions(threshold(request.threshold(), spec), request.crossOnly());
        EncoderChoice choice = request.encoderFor(encoded.encodings());
        long start = System.nanoTime();
        PairSearch search = PairSearches.forSpec(spec, choice.workers(), choice.device(), request.approximate(),
                request.hnswK());
        DuplicateResult result = DuplicateFinder.find(encoded.encodings().datasets(), spec, encoded.encodings().images(),
                encoded.encodings().skipped(), options, request.keep(), search, request.progress());
        Thorough verifier = new Thorough(new ImageLoader(choice.maxPixels()), request.featureCache());
        Thorough.Outcome thorough = null;
        if (request.thorough()) {
            thorough = verifier.find(result, request.progress());
            result = thorough.result();
        }
        Thorough.Verified verified = null;
        if (EncoderRegistry.removalsNeedVerification(spec)) {
            verified = verifier.verifyRemovals(result, request.progress());
            result = verified.result();
        }
        request.progress().close();
        double seconds = (System.nanoTime() - start) / 1e9;
        // With datasets named, those that come only from saved encodings are searched against, never acted on.
        Set<String> actOn = request.scans() ? encoded.scanned() : null;
        RemovalDecision.Outcome check = RemovalDecision.run(result, encoded.encodedKeys(), actOn, request.confirms(),
                choice.workers());
        return new FindRun(request, encoded, result, search, seconds, check, thorough, verified);
    }

    /**
     * The threshold given, or the encoder's calibrated default.
     *
     * @throws IllegalArgumentException when it does not fit the metric
     */
    static double threshold(Double given, EncoderSpec spec) {
        return Threshold.of(given, spec).value();
    }
}
