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

    /**
     * The record's equality, written out: the generated one calls through method handles, slow until compiled, and
     * a short run hashes tens of thousands of files (an exact search of 8,354 files: BENCHMARKS.md). The hash is the
     * generated one's formula, so maps iterate in the same order as before.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof ImageFile f && size == f.size && mtimeMillis == f.mtimeMillis
                && relativePath.equals(f.relativePath) && dataset.equals(f.dataset);
    }

    @Override
    public int hashCode() {
        return ((dataset.hashCode() * 31 + relativePath.hashCode()) * 31 + Long.hashCode(size)) * 31
                + Long.hashCode(mtimeMillis);
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
