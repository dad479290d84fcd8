package doppel.dataset;

import java.util.List;

/**
 * What a scan found.
 *
 * @param datasets the datasets, in input order
 * @param files    the image files, grouped by dataset in input order, each dataset's files sorted by
 *                 relative path
 * @param skipped  entries that could not be taken (broken links, loops, unreadable directories, missing
 *                 listed files), sorted the same way
 */
public record ScanResult(List<Dataset> datasets, List<ImageFile> files, List<SkippedFile> skipped) {
    public ScanResult {
        datasets = List.copyOf(datasets);
        files = List.copyOf(files);
        skipped = List.copyOf(skipped);
    }
}
