package doppel.evaluate;

import doppel.results.ResultsFile;
import doppel.results.ResultsIO;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many duplicates one or more results files found, per dataset and per folder. A folder is a
 * first-level folder of a dataset ({@code dataset/folder}), as in the results file's {@code folders}; files
 * directly under a dataset root count under the dataset's name. Duplicates are the files to remove. Image counts come from the
 * {@code images} / {@code folders} fields that Doppel writes for each dataset; where a file lacks them the
 * counts show as unknown (-1). Datasets of the same name in several files are added up, so give files that
 * cover different datasets.
 *
 * @param images                     images searched (-1 when unknown)
 * @param duplicates                 files to remove
 * @param groups                     duplicate groups
 * @param datasets                   one row per dataset
 * @param folders                    one row per folder
 * @param medianImagesPerFolder      median of the folders' image counts (NaN when unknown)
 * @param medianDuplicatesPerFolder  median of the folders' duplicate counts, over every folder with images
 *                                   (those without duplicates count as 0) or, when image counts are unknown,
 *                                   over the folders that have duplicates
 */
public record DupStats(long images, long duplicates, long groups, List<Row> datasets, List<Row> folders,
                       double medianImagesPerFolder, double medianDuplicatesPerFolder) {

    /**
     * Counts of one dataset or folder.
     *
     * @param name       dataset name, or {@code dataset/folder}
     * @param images     images searched, -1 when unknown
     * @param duplicates files to remove
     */
    public record Row(String name, long images, long duplicates) {
        /** Duplicates as a fraction of images, NaN when unknown. */
        public double fraction() {
            return images > 0 ? (double) duplicates / images : images == 0 ? 0.0 : Double.NaN;
        }
    }

    /** Reads the results files and computes their statistics. */
    public static DupStats of(List<Path> resultsFiles) {
        List<ResultsFile> files = new ArrayList<>();
        for (Path p : resultsFiles) {
            files.add(ResultsIO.read(p));
        }
        return compute(files);
    }

    /** Computes the statistics of results already read. */
    public static DupStats compute(List<ResultsFile> files) {
        Map<String, long[]> datasets = new TreeMap<>();
        Map<String, long[]> folders = new TreeMap<>();
        boolean imagesKnown = true;
        long groups = 0;
        for (ResultsFile r : files) {
            groups += r.groups().size();
            for (ResultsFile.DatasetInfo d : r.datasets()) {
                long[] ds = datasets.computeIfAbsent(d.name(), k -> new long[2]);
                if (d.images() < 0 || d.folders().isEmpty() && d.images() > 0) {
                    imagesKnown = false;
                }
                ds[0] += Math.max(0, d.images());
                d.folders().forEach((f, n) -> folders.computeIfAbsent(folder(d.name(), f), k -> new long[2])[0] += n);
            }
            Map<String, ResultsFile.Member> members = new HashMap<>();
            for (ResultsFile.Group g : r.groups()) {
                for (ResultsFile.Member m : g.members()) {
                    members.put(m.key(), m);
                }
            }
            for (String key : r.remove()) {
                ResultsFile.Member m = members.get(key);
                String dataset = m != null ? m.dataset() : key.substring(0, Math.max(0, key.indexOf('/')));
                String path = m != null ? m.path() : key.substring(key.indexOf('/') + 1);
                datasets.computeIfAbsent(dataset, k -> new long[2])[1]++;
                folders.computeIfAbsent(folder(dataset, ResultsFile.folderOf(path)), k -> new long[2])[1]++;
            }
        }
        boolean known = imagesKnown;
        List<Row> dsRows = rows(datasets, known);
        List<Row> folderRows = rows(folders, known);
        long images = known ? dsRows.stream().mapToLong(Row::images).sum() : -1;
        long dups = dsRows.stream().mapToLong(Row::duplicates).sum();
        double medImages = known ? median(folderRows.stream().mapToLong(Row::images).toArray()) : Double.NaN;
        double medDups = median(folderRows.stream().filter(c -> known || c.duplicates() > 0).mapToLong(Row::duplicates).toArray());
        return new DupStats(images, dups, groups, dsRows, folderRows, medImages, medDups);
    }

    private static String folder(String dataset, String folder) {
        return folder.equals(".") ? dataset : dataset + "/" + folder;
    }

    private static List<Row> rows(Map<String, long[]> counts, boolean imagesKnown) {
        List<Row> rows = new ArrayList<>();
        counts.forEach((name, n) -> rows.add(new Row(name, imagesKnown ? n[0] : -1, n[1])));
        return rows;
    }

    static double median(long[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        long[] v = values.clone();
        Arrays.sort(v);
        int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2.0;
    }

    /** Totals, then a table per dataset and a table per folder. */
    public String table() {
        StringBuilder sb = new StringBuilder();
        sb.append("images: ").append(images < 0 ? "unknown" : images).append(", duplicates: ").append(duplicates)
                .append(", groups: ").append(groups).append('\n');
        sb.append("folders: ").append(folders.size()).append(", median images per folder: ")
                .append(num(medianImagesPerFolder)).append(", median duplicates per folder: ")
                .append(num(medianDuplicatesPerFolder)).append("\n\n");
        sb.append(rowsTable("dataset", datasets)).append('\n').append(rowsTable("folder", folders));
        return sb.toString();
    }

    private static String rowsTable(String what, List<Row> rows) {
        TextTable t = new TextTable(what, "images", "duplicates", "fraction");
        for (Row r : rows) {
            t.row(r.name(), r.images() < 0 ? "?" : Long.toString(r.images()), r.duplicates(),
                    Double.isNaN(r.fraction()) ? "?" : String.format(java.util.Locale.ROOT, "%.2f%%", 100 * r.fraction()));
        }
        return t.toString();
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "unknown" : v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** The statistics as JSON; unknown counts are null. */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("images", images < 0 ? null : images);
        m.put("duplicates", duplicates);
        m.put("groups", groups);
        m.put("median_images_per_folder", Double.isNaN(medianImagesPerFolder) ? null : medianImagesPerFolder);
        m.put("median_duplicates_per_folder", Double.isNaN(medianDuplicatesPerFolder) ? null : medianDuplicatesPerFolder);
        m.put("datasets", rowMaps(datasets));
        m.put("folders", rowMaps(folders));
        return Scores.json(m);
    }

    private static List<Map<String, Object>> rowMaps(List<Row> rows) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", r.name());
            m.put("images", r.images() < 0 ? null : r.images());
            m.put("duplicates", r.duplicates());
            out.add(m);
        }
        return out;
    }
}
