package doppel.dataset;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One image file of a dataset, as found on disk.
 *
 * @param dataset      the dataset the file belongs to
 * @param relativePath path relative to the dataset root, with '/' separators
 * @param size         file size in bytes
 * @param mtimeMillis  last-modified time in milliseconds since the epoch
 */
public record ImageFile(Dataset dataset, String relativePath, long size, long mtimeMillis) {
    public ImageFile {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(relativePath, "relativePath");
    }

    /** The absolute path of the file. */
    public Path path() {
        return dataset.resolve(relativePath);
    }

    /** "dataset/relative/path", the key used in results and reports. */
    public String key() {
        return dataset.name() + "/" + relativePath;
    }
}
