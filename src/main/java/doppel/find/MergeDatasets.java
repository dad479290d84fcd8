package doppel.find;

import doppel.act.MergePlanner;
import doppel.dataset.SidecarFinder;
import doppel.encodings.Encodings;
import java.util.Set;

/**
 * The merge use case: a {@link Finder} run over the datasets in order of precedence, keeping the first dataset's
 * image, whose removals are the images left out of the merged tree; the others are copied (or linked) with their
 * annotation files, journaled. Sources are never changed.
 */
public final class MergeDatasets {
    private MergeDatasets() {
    }

    /** Encodes (or loads) the datasets, finds their duplicates and plans the merge; nothing is copied yet. */
    public static MergeRun plan(MergeRequest request) {
        return plan(request, Finder.encode(request.find()));
    }

    /**
     * The second half of {@link #plan(MergeRequest)}, on encodings obtained as {@link Finder#encode} does.
     *
     * @throws IllegalArgumentException when the target tree cannot hold the merge (e.g. it lies inside a source)
     */
    public static MergeRun plan(MergeRequest request, EncodeStep.Outcome encoded) {
        FindRun found = Finder.search(request.find(), onlyScanned(encoded));
        // The kept images' digests, taken by the search, serve their copies too.
        MergePlanner.Merge merge = MergePlanner.plan(found.result(), request.into(), request.link(),
                SidecarFinder.of(request.find().scanOptions()), found.digests());
        return new MergeRun(found.result(), merge, request);
    }

    /** The encodings of the scanned datasets only: saved encodings of other datasets are not merged. */
    private static EncodeStep.Outcome onlyScanned(EncodeStep.Outcome encoded) {
        Set<String> names = encoded.scanned();
        Encodings all = encoded.encodings();
        Encodings scanned = new Encodings(all.spec(),
                all.datasets().stream().filter(d -> names.contains(d.name())).toList(),
                all.images().stream().filter(e -> names.contains(e.file().dataset().name())).toList(),
                all.skipped().stream().filter(s -> names.contains(s.dataset())).toList());
        return new EncodeStep.Outcome(scanned, encoded.encoded(), encoded.reused(), encoded.encodeSeconds(),
                encoded.runtimeNote(), encoded.savedKeys(), names, encoded.sha256());
    }
}
