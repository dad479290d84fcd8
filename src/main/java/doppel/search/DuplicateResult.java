package doppel.search;

import doppel.dataset.Dataset;
import doppel.encode.EncodedImage;
import doppel.encode.EncoderSpec;
import doppel.dataset.SkippedFile;
import java.util.List;

/**
 * Everything a duplicate search found, ready to be written as JSON, shown in a report or acted upon.
 *
 * @param spec     the encoder whose fingerprints were compared
 * @param options  threshold and scope of the search
 * @param keep     the keep policy that chose each group's kept image
 * @param datasets datasets in precedence order (for {@link KeepPolicy#FIRST_DIR})
 * @param images   every image searched; pairs and groups index into this list
 * @param pairs    every pair within the threshold
 * @param groups   kept images with the direct duplicates removed for each, largest first
 * @param skipped  files that could not be encoded
 */
public record DuplicateResult(EncoderSpec spec, SearchOptions options, KeepPolicy keep, List<Dataset> datasets,
                              List<EncodedImage> images, List<Match> pairs, List<DuplicateGroup> groups,
                              List<SkippedFile> skipped) {
    public DuplicateResult {
        datasets = List.copyOf(datasets);
        images = List.copyOf(images);
        pairs = List.copyOf(pairs);
        groups = List.copyOf(groups);
        skipped = List.copyOf(skipped);
    }

    /** The images to remove (every group member that is not kept), in group order. */
    public List<EncodedImage> toRemove() {
        return groups.stream().flatMap(g -> g.removed().stream()).map(images::get).toList();
    }
}
