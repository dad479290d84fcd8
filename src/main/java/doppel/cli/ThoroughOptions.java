package doppel.cli;

import doppel.verify.FeatureCache;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code find --thorough}: looks past the hash threshold and keeps only geometrically verified copies. */
final class ThoroughOptions {
    @Option(names = "--thorough", description = "Also find crops, added borders/letterbox, small rotations, flips and "
            + "90-degree turns (phash only): candidate pairs from the pHash of rotations/flips, of the content with "
            + "borders trimmed and of sub-windows, far above the threshold, and from the ORB keypoints images share, "
            + "each verified by matching ORB keypoints to a plausible crop/scale/rotation/mirror (RANSAC). Offline; "
            + "about 10-15x the CPU time of a plain find. With --out the results file lists each verified pair's "
            + "evidence (inliers, scale, angle, flip, boxes).")
    boolean thorough;

    @Option(names = "--feature-cache", paramLabel = "FILE",
            description = "Reuse the ORB keypoints that --thorough (and aHash/wHash removal checks) extract: read FILE "
                    + "when it exists, write it back updated after the run (created when missing). An image's entry is "
                    + "used only while its path, size and mtime are unchanged; entries of deleted or changed files are "
                    + "dropped. A file that is not a feature cache is refused, never overwritten (docs/feature-cache.md).")
    Path featureCache;

    /** Refuses encoders whose scores cannot sit beside pHash distances, before any work is done. */
    void validate(String encoderName) {
        if (thorough && !encoderName.equals("phash")) {
            throw new UsageException("--thorough works with the phash encoder (the default), not " + encoderName);
        }
    }

    /** The cache --feature-cache names (read now, so a bad file stops the run before any work), else one in memory. */
    FeatureCache openCache() {
        if (featureCache == null) {
            return FeatureCache.inMemory();
        }
        try {
            return FeatureCache.open(featureCache);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
