package doppel.stats;

import doppel.io.AtomicWrite;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import doppel.dataset.ImageFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Image statistics of one or more datasets, as a whole and per folder group.
 *
 * <p>JSON shape ({@link #toJson()}), in the spirit of a {@code datasets_image_statistics.json}:
 * <pre>{@code
 * {
 *   "depth": 2,
 *   "datasets": {
 *     "photos": {
 *       "total": 175,                       // images whose header could be read
 *       "formats": {"jpeg": 120, "png": 40, "webp": 15},
 *       "resolution_classes": {"small": 10, "medium": 60, "large": 105},
 *       "width":  {"min": 320, "median": 1920, "max": 6000},
 *       "height": {"min": 240, "median": 1080.5, "max": 4000},
 *       "broken": [{"path": "a/b.jpg", "reason": "zero-byte file"}],
 *       "groups": {                         // only when depth > 0
 *         "cluster/subcluster": { ...same fields, without "groups"... }
 *       }
 *     }
 *   }
 * }
 * }</pre>
 * Resolution classes: {@code small} below 0.5 megapixels (500,000 pixels), {@code medium} from 0.5 to 2
 * megapixels inclusive, {@code large} above 2 megapixels. The median of an even count is the mean of the two
 * middle values (so it may end in .5). {@code width}/{@code height} are {@code null} when no image could be
 * read. Broken paths are relative to the dataset root. Group keys are the first {@code depth} folder levels
 * below a leading {@code data/} ({@code "."} for files in the root; files higher up than {@code depth} are
 * grouped under the levels they have). Datasets and groups are sorted by name.
 */
public final class StatsReport {
    /** Pixels below which an image is "small". */
    public static final long SMALL_BELOW = 500_000L;
    /** Pixels above which an image is "large". */
    public static final long LARGE_ABOVE = 2_000_000L;

    /** Minimum, median and maximum of a size. */
    public record Summary(int min, double median, int max) {
    }

    /** A file whose header could not be read. */
    public record BrokenFile(String path, String reason) {
    }

    /**
     * Statistics of one set of images.
     *
     * @param total             images whose header could be read
     * @param formats           count by format name
     * @param resolutionClasses counts for {@code small}, {@code medium}, {@code large} (always all three)
     * @param width             width summary, null when {@code total} is 0
     * @param height            height summary, null when {@code total} is 0
     * @param broken            files that could not be read
     */
    public record GroupStats(int total, SortedMap<String, Integer> formats, Map<String, Integer> resolutionClasses,
                             Summary width, Summary height, List<BrokenFile> broken) {
    }

    /**
     * Statistics of one dataset.
     *
     * @param name   dataset name
     * @param all    the whole dataset
     * @param groups per folder group (empty when depth is 0), sorted by key
     */
    public record DatasetStats(String name, GroupStats all, SortedMap<String, GroupStats> groups) {
    }

    private final int depth;
    private final SortedMap<String, DatasetStats> datasets;

    private StatsReport(int depth, SortedMap<String, DatasetStats> datasets) {
        this.depth = depth;
        this.datasets = Collections.unmodifiableSortedMap(datasets);
    }

    /** Builds the report from scanned headers; {@code depth} as in {@link ImageStats#compute}. */
    public static StatsReport of(HeaderScan scan, int depth) {
        return of(scan, depth, List.of());
    }

    /**
     * As {@link #of(HeaderScan, int)}, and lists each of {@code datasetNames} even when it holds no image, so
     * an empty dataset shows up as 0 images instead of vanishing from the report.
     */
    public static StatsReport of(HeaderScan scan, int depth, java.util.Collection<String> datasetNames) {
        Map<String, Accumulator> whole = new TreeMap<>();
        datasetNames.forEach(n -> whole.put(n, new Accumulator()));
        Map<String, Map<String, Accumulator>> grouped = new TreeMap<>();
        scan.headers().forEach((file, header) -> {
            accumulators(file, depth, whole, grouped).forEach(a -> a.add(header));
        });
        scan.broken().forEach((file, reason) -> {
            BrokenFile b = new BrokenFile(file.relativePath(), reason == null ? "unreadable" : reason);
            accumulators(file, depth, whole, grouped).forEach(a -> a.broken.add(b));
        });
        SortedMap<String, DatasetStats> datasets = new TreeMap<>();
        whole.forEach((name, acc) -> {
            SortedMap<String, GroupStats> groups = new TreeMap<>();
            grouped.getOrDefault(name, Map.of()).forEach((key, g) -> groups.put(key, g.build()));
            datasets.put(name, new DatasetStats(name, acc.build(), Collections.unmodifiableSortedMap(groups)));
        });
        return new StatsReport(depth, datasets);
    }

    private static List<Accumulator> accumulators(ImageFile file, int depth, Map<String, Accumulator> whole,
                                                  Map<String, Map<String, Accumulator>> grouped) {
        String name = file.dataset().name();
        Accumulator all = whole.computeIfAbsent(name, k -> new Accumulator());
        if (depth == 0) {
            return List.of(all);
        }
        Accumulator group = grouped.computeIfAbsent(name, k -> new TreeMap<>())
                .computeIfAbsent(FolderLevels.groupKey(file.relativePath(), depth), k -> new Accumulator());
        return List.of(all, group);
    }

    /** The group depth the report was made with. */
    public int depth() {
        return depth;
    }

    /** Per-dataset statistics, sorted by dataset name. */
    public SortedMap<String, DatasetStats> datasets() {
        return datasets;
    }

    /** The report as a JSON tree, in the shape given in the class documentation. */
    public ObjectNode toJson() {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("depth", depth);
        ObjectNode ds = root.putObject("datasets");
        datasets.forEach((name, d) -> {
            ObjectNode node = groupJson(ds.putObject(name), d.all());
            if (depth > 0) {
                ObjectNode groups = node.putObject("groups");
                d.groups().forEach((key, g) -> groupJson(groups.putObject(key), g));
            }
        });
        return root;
    }

    /** The JSON of {@link #toJson()}, pretty-printed. */
    public String toJsonString() {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(toJson());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@link #toJsonString()} to a file through a temporary file and a rename. */
    public void writeJson(Path file) throws IOException {
        AtomicWrite.writeString(file, toJsonString() + "\n");
    }

    private static ObjectNode groupJson(ObjectNode node, GroupStats g) {
        node.put("total", g.total());
        ObjectNode formats = node.putObject("formats");
        g.formats().forEach(formats::put);
        ObjectNode classes = node.putObject("resolution_classes");
        g.resolutionClasses().forEach(classes::put);
        summaryJson(node, "width", g.width());
        summaryJson(node, "height", g.height());
        ArrayNode broken = node.putArray("broken");
        for (BrokenFile b : g.broken()) {
            broken.addObject().put("path", b.path()).put("reason", b.reason());
        }
        return node;
    }

    private static void summaryJson(ObjectNode parent, String field, Summary s) {
        if (s == null) {
            parent.putNull(field);
            return;
        }
        ObjectNode node = parent.putObject(field);
        node.put("min", s.min());
        if (s.median() == Math.rint(s.median())) {
            node.put("median", (long) s.median());
        } else {
            node.put("median", s.median());
        }
        node.put("max", s.max());
    }

    /**
     * A fixed-width text table: one row per dataset, followed by its groups indented, then the broken files.
     */
    public String toTable() {
        String fmt = "%-32s %7s %6s %6s %6s %6s  %-20s %-20s %s%n";
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(fmt, "dataset / group", "images", "broken", "small", "medium", "large",
                "width min/med/max", "height min/med/max", "formats"));
        for (DatasetStats d : datasets.values()) {
            row(sb, fmt, d.name(), d.all());
            d.groups().forEach((key, g) -> row(sb, fmt, "  " + key, g));
        }
        for (DatasetStats d : datasets.values()) {
            if (!d.all().broken().isEmpty()) {
                sb.append(String.format("%nBroken files in %s (%d):%n", d.name(), d.all().broken().size()));
                for (BrokenFile b : d.all().broken()) {
                    sb.append("  ").append(b.path()).append(": ").append(b.reason()).append('\n');
                }
            }
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, String fmt, String label, GroupStats g) {
        StringBuilder formats = new StringBuilder();
        g.formats().forEach((f, c) -> formats.append(formats.length() == 0 ? "" : " ").append(f).append('=').append(c));
        Map<String, Integer> rc = g.resolutionClasses();
        sb.append(String.format(fmt, ellipsize(label, 32), g.total(), g.broken().size(), rc.get("small"),
                rc.get("medium"), rc.get("large"), summaryText(g.width()), summaryText(g.height()), formats));
    }

    private static String ellipsize(String s, int max) {
        return s.length() <= max ? s : "..." + s.substring(s.length() - max + 3);
    }

    private static String summaryText(Summary s) {
        if (s == null) {
            return "-";
        }
        String median = s.median() == Math.rint(s.median()) ? Long.toString((long) s.median())
                : Double.toString(s.median());
        return s.min() + "/" + median + "/" + s.max();
    }

    /** Median of the values (mean of the two middle ones for an even count); sorts the array. */
    static double median(int[] values) {
        Arrays.sort(values);
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + (double) values[n / 2]) / 2;
    }

    private static final class Accumulator {
        private final List<ImageHeader> headers = new ArrayList<>();
        private final List<BrokenFile> broken = new ArrayList<>();

        void add(ImageHeader h) {
            headers.add(h);
        }

        GroupStats build() {
            SortedMap<String, Integer> formats = new TreeMap<>();
            Map<String, Integer> classes = new LinkedHashMap<>();
            classes.put("small", 0);
            classes.put("medium", 0);
            classes.put("large", 0);
            int[] widths = new int[headers.size()];
            int[] heights = new int[headers.size()];
            for (int i = 0; i < headers.size(); i++) {
                ImageHeader h = headers.get(i);
                formats.merge(h.format(), 1, Integer::sum);
                long px = h.pixels();
                classes.merge(px < SMALL_BELOW ? "small" : px > LARGE_ABOVE ? "large" : "medium", 1, Integer::sum);
                widths[i] = h.width();
                heights[i] = h.height();
            }
            Summary w = summary(widths);
            Summary hs = summary(heights);
            return new GroupStats(headers.size(), Collections.unmodifiableSortedMap(formats),
                    Collections.unmodifiableMap(classes), w, hs, List.copyOf(broken));
        }

        private static Summary summary(int[] values) {
            if (values.length == 0) {
                return null;
            }
            double median = median(values);
            return new Summary(values[0], median, values[values.length - 1]);
        }
    }
}
