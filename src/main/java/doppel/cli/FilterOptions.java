package doppel.cli;

import doppel.dataset.FileFilter;
import doppel.dataset.ImageExtensions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** czkawka-style filters on the files a scan looks at: excluded patterns, a size range, extensions. */
final class FilterOptions {
    @Option(names = {"-x", "--exclude"}, paramLabel = "GLOB",
            description = "Leave out files matching GLOB (repeatable): without '/', a file or folder name (*.tmp, "
                    + "thumbs); with '/', the path relative to the dataset (raw/**).")
    List<String> excludes = new ArrayList<>();

    @Option(names = "--min-size", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "Leave out files smaller than SIZE bytes (suffixes k, M, G: powers of 1024).")
    Long minSize;

    @Option(names = "--max-size", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "Leave out files larger than SIZE bytes (suffixes k, M, G: powers of 1024).")
    Long maxSize;

    @Option(names = "--ext", paramLabel = "EXT", split = ",", converter = ExtensionConverter.class,
            completionCandidates = ExtensionConverter.class,
            description = "Look only at files with these extensions, e.g. jpg,png (default: every image type: "
                    + "${COMPLETION-CANDIDATES}).")
    List<String> extensions = new ArrayList<>();

    FileFilter filter() {
        Set<String> exts = new LinkedHashSet<>();
        for (String e : extensions) {
            exts.add(e.strip().toLowerCase(Locale.ROOT));
        }
        try {
            return new FileFilter(excludes, minSize == null ? 0 : minSize, maxSize == null ? Long.MAX_VALUE : maxSize, exts);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** Reads one --ext value: an image extension Doppel reads, with or without its dot, in any case. */
    static final class ExtensionConverter implements CommandLine.ITypeConverter<String>, Iterable<String> {
        @Override
        public String convert(String value) {
            String e = value.strip().toLowerCase(Locale.ROOT).replaceFirst("^\\.", "");
            if (!ImageExtensions.ALL.contains(e)) {
                throw Choices.unknown("image extension", value, names());
            }
            return e;
        }

        @Override
        public java.util.Iterator<String> iterator() {
            return names().iterator();
        }

        private static List<String> names() {
            return ImageExtensions.ALL.stream().sorted().toList();
        }
    }

    /** "500", "64k", "2M", "1G" (case-insensitive, optional trailing B) as bytes. */
    static final class SizeConverter implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            String v = value.strip().toUpperCase(Locale.ROOT);
            if (v.endsWith("B")) {
                v = v.substring(0, v.length() - 1);
            }
            long unit = 1;
            if (!v.isEmpty() && "KMG".indexOf(v.charAt(v.length() - 1)) >= 0) {
                unit = 1L << (10 * ("KMG".indexOf(v.charAt(v.length() - 1)) + 1));
                v = v.substring(0, v.length() - 1);
            }
            try {
                double n = Double.parseDouble(v);
                if (n < 0 || Double.isNaN(n) || Double.isInfinite(n)) {
                    throw new NumberFormatException();
                }
                return Math.round(n * unit);
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a size (e.g. 500, 64k, 2M, 1G)");
            }
        }
    }
}
