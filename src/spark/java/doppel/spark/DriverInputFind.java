package doppel.spark;

import doppel.encode.BitHash;
import doppel.encode.EncodedImage;
import doppel.encode.EncoderSpec;
import doppel.encode.Threshold;
import doppel.encodings.Encodings;
import doppel.encodings.EncodingsIO;
import doppel.progress.Progress;
import doppel.find.Grouping;
import doppel.search.DuplicateGroup;
import doppel.search.DuplicateResult;
import doppel.search.HammingSearch;
import doppel.search.Match;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code find} on a JSON encodings file (Doppel's, or an imagededup map) of 64-bit hashes: the file is read on the
 * driver anyway, so the images are numbered there and never become DataFrame rows. Only the distinct hash values
 * (a {@code long[]}) go to the executors, as a broadcast; each of the tasks runs its share of the CLI's multi-index
 * search ({@link HammingSearch#findPairs(long[], int, int, int, Progress)}) and returns its value pairs as one
 * {@code int[]}. The driver expands the exact copies, groups with the find use case's {@link Grouping} and builds small
 * DataFrames of the pairs and groups only for the Parquet outputs. Measured on 1M hashes, this removes the ~140 CPU-s
 * per million images that shipping, sorting and joining the image rows cost on the distributed path.
 */
final class DriverInputFind {
    private DriverInputFind() {
    }

    /**
     * What was found.
     *
     * @param datasets dataset names in precedence order
     * @param pairs    {@code a_dataset, a_path, b_dataset, b_path, distance} (Parquet "pairs")
     * @param groups   {@link SparkFind#GROUPS}
     * @param map      the duplicates map (imagededup's, the CLI's order)
     * @param nPairs   number of pairs
     * @param join     how the pairs were found, with each phase's time, for the log
     */
    record Result(EncoderSpec spec, SparkFind.Options options, List<String> datasets, List<String> roots,
                  Dataset<Row> pairs, Dataset<Row> groups, Map<String, List<String>> map, long nPairs, String join) {
    }

    /** True when {@link #find} may handle these inputs: a single JSON file and no forced banding. */
    static boolean applies(List<String> inputs, SparkFind.Options options) {
        return inputs.size() == 1 && EncodingsImport.isJson(inputs.get(0)) && options.bands() == 0;
    }

    /**
     * Searches a JSON encodings file; null when it does not hold plain 64-bit hashes (embeddings, dihedral
     * variants, other sizes, no image), which the distributed path handles.
     *
     * @param hint the encoder an imagededup map holds, or null
     */
    static Result find(SparkSession spark, Path json, EncoderSpec hint, SparkFind.Options requested) {
        long t0 = System.nanoTime();
        Encodings enc = EncodingsIO.read(json, hint);
        EncoderSpec spec = enc.spec();
        if (spec.metric() != EncoderSpec.Metric.HAMMING || spec.size() != 64 || enc.images().isEmpty()
                || enc.images().stream().anyMatch(i -> !i.variants().isEmpty())) {
            return null;
        }
        SparkFind.Options options = requested.resolved(spec);
        options.check(spec);
        List<doppel.dataset.Dataset> datasets = order(enc.datasets(), options.datasetOrder());
        Map<String, Integer> rank = new HashMap<>();
        for (doppel.dataset.Dataset ds : datasets) {
            rank.put(ds.name(), rank.size());
        }
        // ids as the distributed path numbers them: dataset order, then path in Spark's (UTF-8 byte) order
        List<EncodedImage> images = new ArrayList<>(enc.images());
        images.sort(Comparator.<EncodedImage>comparingInt(i -> rank.get(i.file().dataset().name()))
                .thenComparing((x, y) -> codePointCompare(x.file().relativePath(), y.file().relativePath())));
        int n = images.size();
        long[] hashes = new long[n];
        for (int i = 0; i < n; i++) {
            hashes[i] = ((BitHash) images.get(i).fingerprint()).words()[0];
        }
        BroadcastHamming.Values values = BroadcastHamming.Values.of(hashes);
        long[] distinct = values.distinct();
        // the images of each distinct value, in id order: byValue[start[v] .. start[v + 1])
        int[] start = new int[distinct.length + 1];
        int[] valueOf = new int[n];
        for (int i = 0; i < n; i++) {
            valueOf[i] = Arrays.binarySearch(distinct, hashes[i]);
            start[valueOf[i] + 1]++;
        }
        for (int v = 0; v < distinct.length; v++) {
            start[v + 1] += start[v];
        }
        int[] byValue = new int[n];
        int[] fill = Arrays.copyOf(start, distinct.length);
        for (int i = 0; i < n; i++) {
            byValue[fill[valueOf[i]]++] = i;
        }
        long t1 = System.nanoTime();

        int t = (int) options.threshold();
        int parallelism = spark.sparkContext().defaultParallelism();
        int shards = ShardedHamming.shards(options.shards(), distinct.length, parallelism);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<int[]> found;
        String search;
        if (shards == 1) {
            int shares = parallelism * 4;
            Broadcast<long[]> index = jsc.broadcast(distinct);
            found = jsc.parallelize(IntStream.range(0, shares).boxed().toList(), shares)
                    .map(new Share(index, t, shares)).collect();
            index.destroy();
            search = "broadcast multi-index search";
        } else {
            found = ShardedHamming.positionPairs(jsc, distinct, t, shards);
            search = "sharded multi-index search (" + shards + " shards)";
        }
        long t2 = System.nanoTime();

        boolean crossOnly = options.crossOnly();
        List<Match> matches = new ArrayList<>();
        for (int[] f : found) {
            for (int k = 0; k < f.length; k += 3) {
                for (int x = start[f[k]]; x < start[f[k] + 1]; x++) {
                    for (int y = start[f[k + 1]]; y < start[f[k + 1] + 1]; y++) {
                        add(images, byValue[x], byValue[y], f[k + 2], crossOnly, matches);
                    }
                }
            }
        }
        for (int v = 0; v < distinct.length; v++) {
            for (int x = start[v]; x < start[v + 1]; x++) {
                for (int y = x + 1; y < start[v + 1]; y++) {
                    add(images, byValue[x], byValue[y], 0, crossOnly, matches);
                }
            }
        }
        DuplicateResult result = Grouping.of(datasets, spec, images, enc.skipped(), matches,
                new Threshold(options.threshold(), spec.metric()), crossOnly, options.keep()).result();
        long t3 = System.nanoTime();

        List<String> names = datasets.stream().map(doppel.dataset.Dataset::name).toList();
        List<String> roots = datasets.stream().map(EncodingsImport::rootUri).toList();
        String join = String.format("%s of %,d distinct hashes (%,d repeated) in %d tasks"
                        + "; read and number %.1f s, search %.1f s, expand and group %.1f s", search, distinct.length,
                values.repeated().length, shards == 1 ? parallelism * 4 : ShardedHamming.tasks(shards),
                (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9);
        return new Result(spec, options, names, roots, pairRows(spark, result), groupRows(spark, result, rank, roots),
                doppel.search.DuplicateMaps.duplicates(result), result.pairs().size(), join);
    }

    /** The pair (i, j) at {@code distance}, smaller id first, unless cross-only leaves it out. */
    private static void add(List<EncodedImage> images, int i, int j, int distance, boolean crossOnly, List<Match> out) {
        if (crossOnly && images.get(i).file().dataset().name().equals(images.get(j).file().dataset().name())) {
            return;
        }
        out.add(new Match(Math.min(i, j), Math.max(i, j), distance));
    }

    /** The file's datasets in precedence order: {@code explicit} first, then the file's order. */
    private static List<doppel.dataset.Dataset> order(List<doppel.dataset.Dataset> known, List<String> explicit) {
        List<doppel.dataset.Dataset> out = new ArrayList<>();
        List<String> names = known.stream().map(doppel.dataset.Dataset::name).toList();
        for (String name : explicit) {
            if (!names.contains(name)) {
                throw new IllegalArgumentException("unknown dataset '" + name + "' in the order (known: " + names + ")");
            }
            if (out.stream().noneMatch(d -> d.name().equals(name))) {
                out.add(known.get(names.indexOf(name)));
            }
        }
        known.stream().filter(d -> !out.contains(d)).forEach(out::add);
        return out;
    }

    /** Strings in code point order, which is UTF-8 byte order (Spark's string sort), unlike String.compareTo. */
    static int codePointCompare(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                // a surrogate starts a code point above U+FFFF, so it sorts after every other char
                if (Character.isSurrogate(x) != Character.isSurrogate(y)) {
                    return Character.isSurrogate(x) ? 1 : -1;
                }
                return x - y;
            }
        }
        return a.length() - b.length();
    }

    private static Dataset<Row> pairRows(SparkSession spark, DuplicateResult r) {
        List<Row> rows = new ArrayList<>(r.pairs().size());
        for (Match m : r.pairs()) {
            EncodedImage a = r.images().get(m.a());
            EncodedImage b = r.images().get(m.b());
            rows.add(RowFactory.create(a.file().dataset().name(), a.file().relativePath(), b.file().dataset().name(),
                    b.file().relativePath(), (int) m.score()));
        }
        StructType schema = new StructType().add("a_dataset", DataTypes.StringType, false)
                .add("a_path", DataTypes.StringType, false).add("b_dataset", DataTypes.StringType, false)
                .add("b_path", DataTypes.StringType, false).add(SparkFind.PAIRS.fields()[2]);
        return spark.createDataFrame(rows, schema);
    }

    private static Dataset<Row> groupRows(SparkSession spark, DuplicateResult r, Map<String, Integer> rank,
                                          List<String> roots) {
        List<Row> rows = new ArrayList<>();
        for (DuplicateGroup g : r.groups()) {
            for (int k = 0; k < g.members().size(); k++) {
                int id = g.members().get(k);
                EncodedImage img = r.images().get(id);
                int ds = rank.get(img.file().dataset().name());
                rows.add(RowFactory.create((long) g.kept(), (long) id, id == g.kept(), g.scores().get(k), ds,
                        img.file().dataset().name(), roots.get(ds), img.file().relativePath(), img.file().size(),
                        img.file().mtimeMillis(), img.width(), img.height()));
            }
        }
        return spark.createDataFrame(rows, SparkFind.GROUPS);
    }

    /** One task: its share of the CLI's multi-index search, as value-index triples (a, b, distance). */
    private record Share(Broadcast<long[]> index, int threshold, int shares) implements Function<Integer, int[]> {
        @Override
        public int[] call(Integer part) {
            List<Match> found = new HammingSearch(1).findPairs(index.value(), threshold, part, shares, Progress.NONE);
            int[] out = new int[found.size() * 3];
            int k = 0;
            for (Match m : found) {
                out[k++] = m.a();
                out[k++] = m.b();
                out[k++] = (int) m.score();
            }
            return out;
        }
    }
}
