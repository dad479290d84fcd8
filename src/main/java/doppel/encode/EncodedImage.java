package doppel.encode;

import doppel.dataset.ImageFile;
import java.util.List;
import java.util.Objects;

/**
 * The fingerprint of one image file, with the file's size and mtime at encoding time (used to decide
 * whether saved encodings can be reused).
 *
 * @param file        the image file
 * @param fingerprint the main fingerprint
 * @param variants    fingerprints of the image's rotations and flips (empty unless the encoder runs in
 *                    dihedral mode); order: rot90, rot180, rot270, flipH, flipV, transpose, transverse
 * @param width       decoded width in pixels, or 0 when unknown (digests do not decode)
 * @param height      decoded height in pixels, or 0 when unknown
 */
public record EncodedImage(ImageFile file, Fingerprint fingerprint, List<Fingerprint> variants, int width, int height) {
    public EncodedImage {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(fingerprint, "fingerprint");
        variants = variants == null ? List.of() : List.copyOf(variants);
    }

    public EncodedImage(ImageFile file, Fingerprint fingerprint) {
        this(file, fingerprint, List.of(), 0, 0);
    }
}
