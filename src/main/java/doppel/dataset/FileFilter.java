package doppel.dataset;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which image files of a dataset are looked at, as czkawka's filters: excluded glob patterns, a size range and
 * a list of extensions. Files left out are not scanned at all (they are neither images nor skipped files).
 *
 * @param excludes   glob patterns; one without '/' matches the file name or any folder name on the way
 *                   ({@code *.tmp}, {@code thumbs}), one with '/' the whole path relative to the dataset root
 *                   ({@code raw/**}, {@code *}{@code /cache/*.png})
 * @param minSize    smallest file size in bytes that is kept (0: no minimum)
 * @param maxSize    largest file size in bytes that is kept ({@link Long#MAX_VALUE}: no maximum)
 * @param extensions lower-case extensions without the dot to keep; empty keeps every image extension
 */
public record FileFilter(List<String> excludes, long minSize, long maxSize, Set<String> extensions) {
    /** Keeps every image file. */
    public static final FileFilter ALL = new FileFilter(List.of(), 0, Long.MAX_VALUE, Set.of());

    public FileFilter {
        excludes = List.copyOf(excludes);
        extensions = extensions.stream().map(e -> e.toLowerCase(Locale.ROOT).replaceFirst("^\\.", ""))
                .collect(Collectors.toUnmodifiableSet());
        if (minSize < 0 || maxSize < minSize) {
            throw new IllegalArgumentException("the size range " + minSize + ".." + maxSize + " is empty");
        }
        for (String e : extensions) {
            if (!ImageExtensions.ALL.contains(e)) {
                throw new IllegalArgumentException("'" + e + "' is not an image extension Doppel reads ("
                        + String.join(", ", ImageExtensions.ALL.stream().sorted().toList()) + ")");
            }
        }
        for (String glob : excludes) {
            matcher(glob);
        }
    }

    /** Whether an image file at {@code relativePath} ('/'-separated) of {@code size} bytes is looked at. */
    public boolean accepts(String relativePath, long size) {
        if (size < minSize || size > maxSize) {
            return false;
        }
        if (!extensions.isEmpty()) {
            int dot = relativePath.lastIndexOf('.');
            if (dot < 0 || !extensions.contains(relativePath.substring(dot + 1).toLowerCase(Locale.ROOT))) {
                return false;
            }
        }
        for (String glob : excludes) {
            PathMatcher m = matcher(glob);
            if (glob.contains("/")) {
                if (m.matches(Path.of(relativePath))) {
                    return false;
                }
            } else {
                for (String segment : relativePath.split("/")) {
                    if (m.matches(Path.of(segment))) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static PathMatcher matcher(String glob) {
        try {
            return FileSystems.getDefault().getPathMatcher("glob:" + glob);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad --exclude pattern '" + glob + "': " + e.getMessage());
        }
    }
}
