package doppel.encodings;

import doppel.dataset.ImageFile;
import doppel.encode.EncodedImage;
import doppel.encode.EncoderSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Decides which saved encodings can stand in for encoding the current files again. */
public final class EncodingsReuse {
    private EncodingsReuse() {
    }

    /**
     * Plans reuse: an image is reused when the saved spec equals {@code current} exactly (params and
     * variant params, because e.g. a different decoder gives slightly different hashes) and dataset name,
     * relative path, size and mtime all match. Everything else is encoded again.
     *
     * @param saved   saved encodings, or null when there are none
     * @param current the spec of the encoder about to run
     * @param files   the files found now
     */
    public static ReusePlan plan(Encodings saved, EncoderSpec current, List<ImageFile> files) {
        if (saved == null || !saved.spec().equals(current)) {
            return new ReusePlan(List.of(), files);
        }
        Map<String, EncodedImage> byKey = new HashMap<>(saved.images().size() * 2);
        for (EncodedImage e : saved.images()) {
            byKey.put(e.file().key(), e);
        }
        List<EncodedImage> reused = new ArrayList<>();
        List<ImageFile> toEncode = new ArrayList<>();
        for (ImageFile f : files) {
            EncodedImage old = byKey.get(f.key());
            if (old != null && old.file().size() == f.size() && old.file().mtimeMillis() == f.mtimeMillis()) {
                reused.add(new EncodedImage(f, old.fingerprint(), old.variants(), old.width(), old.height()));
            } else {
                toEncode.add(f);
            }
        }
        return new ReusePlan(reused, toEncode);
    }
}
