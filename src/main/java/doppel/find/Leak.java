package doppel.find;

import doppel.encode.EncodedImage;
import doppel.encode.EncoderChoice;
import doppel.encode.EncoderRegistry;
import doppel.encode.EncoderSpec;
import doppel.encodings.Encodings;
import doppel.image.ImageLoader;
import doppel.search.DuplicateResult;
import doppel.search.KeepPolicy;
import doppel.search.PairSearch;
import doppel.search.PairSearches;
import doppel.verify.Thorough;
import java.util.Set;

/**
 * The train/test leakage use case: which query images have a duplicate in the reference set. It runs the find of
 * {@link LeakRequest#find()}, keeping only pairs that join the two sides, and changes nothing on disk but the
 * encodings file asked for. Leaks are reported, never removed, so no removal is confirmed; with encoders whose hash
 * alone cannot prove a copy (aHash, wHash) every pair is verified geometrically and only confirmed pairs leak.
 */
public final class Leak {
    private Leak() {
    }

    /** Encodes (or loads) both sides and finds the query images that leak. */
    public static LeakRun check(LeakRequest request) {
        return search(request, Finder.encode(request.find(), request::queryNames));
    }

    /**
     * The second half of {@link #check}, on encodings obtained as {@link Finder#encode} does (for cnn/clip with
     * dihedral variants, best with {@link LeakRequest#queryNames} as the datasets to vary: pairs only join the two
     * sides, and each is scored by the query image's variants against the reference image's original).
     */
    public static LeakRun search(LeakRequest request, EncodeStep.Outcome encoded) {
        FindRequest find = request.find();
        Encodings encodings = encoded.encodings();
        EncoderSpec spec = encodings.spec();
        Set<String> referenceNames = request.referenceNames(encodings.datasets());
        EncoderChoice choice = find.encoderFor(encodings);
        PairSearch base = PairSearches.forSpec(spec, choice.workers(), choice.device(), find.approximate(), find.hnswK());
        PairSearch acrossSides = (images, options, p) -> base.findPairs(images, options, p).stream()
                .filter(m -> isReference(images.get(m.a()), referenceNames) != isReference(images.get(m.b()), referenceNames))
                .toList();
        DuplicateResult result = Grouping.search(encodings.datasets(), spec, encodings.images(), encodings.skipped(),
                find.threshold(), true, KeepPolicy.FIRST_DIR, acrossSides, find.progress());
        int refused = 0;
        if (EncoderRegistry.removalsNeedVerification(spec)) {
            // look-alikes collide under these hashes, and a leak report is only as good as its pairs
            Thorough.Checked checked = new Thorough(new ImageLoader(choice.maxPixels())).verifyPairs(result, find.progress());
            result = checked.result();
            refused = checked.refused();
        }
        find.progress().close();
        long queryImages = encodings.images().stream().filter(e -> !isReference(e, referenceNames)).count();
        return new LeakRun(result, base, queryImages, referenceNames, refused);
    }

    static boolean isReference(EncodedImage image, Set<String> referenceNames) {
        return referenceNames.contains(image.file().dataset().name());
    }
}
