package doppel.dataset;

import java.util.Locale;
import java.util.Set;

/** Recognises image files by their extension, case-insensitively. */
public final class ImageExtensions {
    /** The extensions taken as images (lower case, without the dot). */
    public static final Set<String> ALL = Set.of("jpg", "jpeg", "jpe", "png", "webp", "bmp", "gif", "tif", "tiff");

    private ImageExtensions() {
    }

    /** True when the file name ends in one of {@link #ALL}. */
    public static boolean isImage(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot >= 0 && ALL.contains(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** The name without its last extension ("a.b.jpg" gives "a.b"; a name without a dot is its own stem). */
    public static String stem(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }
}
