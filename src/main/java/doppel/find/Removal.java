package doppel.find;

import doppel.act.RemovalProof;
import doppel.dataset.ImageFile;

/**
 * A file to remove, with the image kept for it; the pair is direct (within the threshold, or verified geometrically).
 *
 * @param file       the file to remove (size and mtime as scanned)
 * @param kept       the image of its group that stays
 * @param group      index of the group in {@link FindRun#groups()}
 * @param score      distance or similarity of the pair
 * @param sha256     lower-case hex SHA-256 of the file, or null when it could not be read
 * @param keptSha256 lower-case hex SHA-256 of the kept image, or null when it could not be read
 * @param proof      what proves the pair: its fingerprints within the threshold, or a geometric verification
 */
public record Removal(ImageFile file, ImageFile kept, int group, double score, String sha256, String keptSha256,
                      RemovalProof proof) {
}
