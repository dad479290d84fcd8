package doppel.encodings;

import doppel.dataset.ImageFile;
import doppel.encode.EncodedImage;
import java.util.List;

/**
 * Which images keep their saved encodings and which must be encoded again.
 *
 * @param reused   saved encodings still valid for the current files (re-bound to the current
 *                 {@link ImageFile}s)
 * @param toEncode files to encode, in the order they were given
 */
public record ReusePlan(List<EncodedImage> reused, List<ImageFile> toEncode) {
    public ReusePlan {
        reused = List.copyOf(reused);
        toEncode = List.copyOf(toEncode);
    }
}
