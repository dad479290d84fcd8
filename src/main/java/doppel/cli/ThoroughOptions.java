package doppel.cli;

import picocli.CommandLine.Option;

/** {@code find --thorough}: looks past the hash threshold and keeps only geometrically verified copies. */
final class ThoroughOptions {
    @Option(names = "--thorough", description = "Also find crops, added borders/letterbox, small rotations, flips and "
            + "90-degree turns (phash only): candidate pairs from the pHash of rotations/flips, of the content with "
            + "borders trimmed and of sub-windows, far above the threshold, each verified by matching ORB keypoints "
            + "to a plausible crop/scale/rotation/mirror (RANSAC). Offline; about 12-17x the time of a plain find. "
            + "With --out the results file lists each verified pair's evidence (inliers, scale, angle, flip, boxes).")
    boolean thorough;

    /** Refuses encoders whose scores cannot sit beside pHash distances, before any work is done. */
    void validate(String encoderName) {
        if (thorough && !encoderName.equals("phash")) {
            throw new UsageException("--thorough works with the phash encoder (the default), not " + encoderName);
        }
    }
}
