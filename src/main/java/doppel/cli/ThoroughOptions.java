package doppel.cli;

import doppel.image.ImageLoader;
import doppel.progress.Progress;
import doppel.results.PairEvidence;
import doppel.search.DuplicateResult;
import doppel.verify.Thorough;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code find --thorough}: looks past the hash threshold and keeps only geometrically verified copies. */
final class ThoroughOptions {
    @Option(names = "--thorough", description = "Also find crops, added borders/letterbox, small rotations, flips and "
            + "90-degree turns (phash only): candidate pairs from the pHash of rotations/flips, of the content with "
            + "borders trimmed and of sub-windows, far above the threshold, each verified by matching ORB keypoints "
            + "to a plausible crop/scale/rotation/mirror (RANSAC). Offline; about 12-17x the time of a plain find. "
            + "With --out the results file lists each verified pair's evidence (inliers, scale, angle, flip, boxes).")
    boolean thorough;

    private List<PairEvidence> evidence = List.of();
    private String summary;

    /** Refuses encoders whose scores cannot sit beside pHash distances, before any work is done. */
    void validate(String encoderName) {
        if (thorough && !encoderName.equals("phash")) {
            throw new UsageException("--thorough works with the phash encoder (the default), not " + encoderName);
        }
    }

    /** The result with the verified candidates added, or {@code base} itself without --thorough. */
    DuplicateResult apply(DuplicateResult base, long maxPixels, Progress progress) {
        if (!thorough) {
            return base;
        }
        Thorough.Outcome outcome = new Thorough(new ImageLoader(maxPixels)).find(base, progress);
        evidence = outcome.evidence();
        summary = String.format("thorough: %d candidate pairs checked, %d verified, %d added beyond the threshold",
                outcome.candidates(), outcome.evidence().size(), outcome.added());
        return outcome.result();
    }

    /** Evidence of the verified pairs of the last {@link #apply}; empty without --thorough. */
    List<PairEvidence> evidence() {
        return evidence;
    }

    /** One line for the end summary, or null without --thorough. */
    String summary() {
        return summary;
    }
}
