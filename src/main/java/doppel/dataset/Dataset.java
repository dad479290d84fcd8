package doppel.dataset;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A named collection of images under one root directory. The name identifies the dataset in encodings,
 * results and the layout of the duplicates directory; the root makes relative paths absolute.
 *
 * @param name short unique name, by default the root's file name
 * @param root absolute, normalised root directory (for file lists: the common parent of the listed files)
 */
public record Dataset(String name, Path root) {
    public Dataset {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(root, "root");
        if (name.isBlank()) {
            throw new IllegalArgumentException("dataset name must not be blank");
        }
        root = root.toAbsolutePath().normalize();
    }

    /** The record's equality, written out as {@link ImageFile}'s is (every file's hash and equality use it). */
    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof Dataset d && name.equals(d.name) && root.equals(d.root);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + root.hashCode();
    }

    /** Resolves a path relative to this dataset's root (always written with '/' separators). */
    public Path resolve(String relativePath) {
        return root.resolve(relativePath);
    }
}
