package doppel.dataset;

import java.util.Objects;

/**
 * A file that could not be encoded (or was refused), with a one-line reason for the user.
 *
 * @param dataset      dataset name
 * @param relativePath path relative to the dataset root
 * @param reason       short reason, e.g. "zero-byte file", "not an image (unknown format)",
 *                     "refused: 10000000000 pixels exceeds the limit of 178956970 (--max-pixels)"
 */
public record SkippedFile(String dataset, String relativePath, String reason) {
    public SkippedFile {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(relativePath, "relativePath");
        Objects.requireNonNull(reason, "reason");
    }

    /** "dataset/relative/path". */
    public String key() {
        return dataset + "/" + relativePath;
    }
}
