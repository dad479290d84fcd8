package doppel.spark;

import doppel.dataset.ImageFile;
import doppel.encode.BitHash;
import doppel.encode.EncodedImage;
import doppel.encode.EncoderSpec;
import doppel.encode.Threshold;
import doppel.find.Grouping;
import doppel.search.DuplicateGroup;
import doppel.search.DuplicateResult;
import doppel.search.KeepPolicy;
import doppel.search.Match;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.CoGroupFunction;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.KeyValueGroupedDataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;

/**
 * Exact duplicate search over Parquet encodings on Spark: every pair within the Hamming threshold, found by a
 * banded equi-join ({@link Banding}) instead of an all-pairs product, then connected components by min-label
 * propagation and the kept image of each group by the CLI's {@link KeepPolicy} rules.
 *
 * <p>Images are numbered by (dataset order, path), so the smallest id of a group is the first image by
 * dataset order and then path: the tie-break of every keep policy, and the label a component converges to.
 */
public final class SparkFind {
    /** Schema of {@link #indexImages}: one row per encoded image. */
    public static final StructType IMAGES = new StructType()
            .add("id", DataTypes.LongType, false)
            .add("ds", DataTypes.IntegerType, false)
            .add("dataset", DataTypes.StringType, false)
            .add("root", DataTypes.StringType, false)
            .add("path", DataTypes.StringType, false)
            .add("size", DataTypes.LongType, false)
            .add("mtime", DataTypes.LongType, false)
            .add("width", DataTypes.IntegerType, false)
            .add("height", DataTypes.IntegerType, false)
            .add("hash", DataTypes.createArrayType(DataTypes.LongType, false), true)
            .add("variants", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.LongType, false), false), true)
            .add("vector", DataTypes.createArrayType(DataTypes.FloatType, false), true);

    /** Schema of the hash pairs: image ids {@code a < b} and their Hamming distance. */
    public static final StructType PAIRS = new StructType()
            .add("a", DataTypes.LongType, false)
            .add("b", DataTypes.LongType, false)
            .add("distance", DataTypes.IntegerType, false);

    /** Schema of the embedding pairs: image ids {@code a < b} and their cosine similarity. */
    public static final StructType COSINE_PAIRS = new StructType()
            .add("a", DataTypes.LongType, false)
            .add("b", DataTypes.LongType, false)
            .add("similarity", DataTypes.DoubleType, false);

    /** Vectors per block of the cosine join (a block pair is one task: 2 x 2048 x 512 floats = 8 MiB). */
    public static final int COSINE_BLOCK = 2048;

    /**
     * Search options.
     *
     * @param threshold    largest Hamming distance of a pair (hashes, a whole number), or smallest cosine
     *                     similarity (embeddings); inclusive. NaN: the encoder's default, as in the CLI
     * @param crossOnly    only pairs whose images belong to different datasets
     * @param keep         which image of a group stays
     * @param datasetOrder dataset names in precedence order; datasets not named follow in input order
     * @param bands        number of bands (hashes), or vectors per block (embeddings); 0 picks
     *                     ({@link Banding#choose}, {@link #COSINE_BLOCK})
     * @param shards       64-bit hashes: shards of the multi-index search, 1 broadcasts the whole index; 0 picks by
     *                     size ({@link ShardedHamming#shards})
     */
    public record Options(double threshold, boolean crossOnly, KeepPolicy keep, List<String> datasetOrder, int bands,
                          int shards) implements Serializable {
        public Options {
            datasetOrder = datasetOrder == null ? List.of() : List.copyOf(datasetOrder);
        }

        /** Options with the number of shards chosen by size. */
        public Options(double threshold, boolean crossOnly, KeepPolicy keep, List<String> datasetOrder, int bands) {
            this(threshold, crossOnly, keep, datasetOrder, bands, 0);
        }

        /** These options with the encoder's default threshold ({@link Threshold}) when none was given. */
        Options resolved(EncoderSpec spec) {
            return new Options(Threshold.of(Double.isNaN(threshold) ? null : threshold, spec).value(), crossOnly, keep,
                    datasetOrder, bands, shards);
        }

        /** Checks the threshold against the encoder, as the CLI does ({@link Threshold#of}). */
        void check(EncoderSpec spec) {
            Threshold.of(threshold, spec);
        }
    }

    /**
     * The outcome of a search; the Datasets are lazy except {@code images}, which is cached.
     *
     * @param spec     the encoder spec shared by all inputs
     * @param datasets dataset names in precedence order (index = {@code ds})
     * @param images   {@link #IMAGES}
     * @param pairs    {@link #PAIRS}
     * @param join     how the pairs were found, for the log
     * @param options  the options searched with (default threshold resolved)
     */
    public record Search(EncoderSpec spec, List<String> datasets, Dataset<Row> images, Dataset<Row> pairs,
                         String join, Options options) {
    }

    private SparkFind() {
    }

    /**
     * Reads encodings: Parquet, or JSON files ending in ".json" (Doppel's encodings or imagededup maps, read on the
     * driver by {@link EncodingsImport}); inputs earlier in the list take precedence in the dataset order.
     *
     * @param hint the encoder imagededup maps hold, or null
     */
    public static Dataset<Row> readEncodings(SparkSession spark, List<String> paths, EncoderSpec hint) {
        Dataset<Row> all = null;
        for (int i = 0; i < paths.size(); i++) {
            Dataset<Row> one;
            if (EncodingsImport.isJson(paths.get(i))) {
                one = EncodingsImport.read(spark, java.nio.file.Path.of(paths.get(i)), hint);
            } else {
                SparkEncode.requireExists(spark, paths.get(i), "encodings");
                one = spark.read().parquet(paths.get(i));
            }
            one = one.withColumn("input", lit(i));
            all = all == null ? one : all.unionByName(one);
        }
        if (all == null) {
            throw new IllegalArgumentException("no encodings given");
        }
        return all;
    }

    /** The one spec of the encodings; refuses encodings of encoders that cannot be compared. */
    public static EncoderSpec commonSpec(Dataset<Row> encodings) {
        List<Row> specs = encodings.filter(col("skip_reason").isNull()).select("spec").distinct().collectAsList();
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("the encodings hold no encoded image");
        }
        EncoderSpec first = SpecJson.read(specs.get(0).getString(0));
        for (Row r : specs) {
            EncoderSpec other = SpecJson.read(r.getString(0));
            String why = first.incompatibilityWith(other);
            if (why != null) {
                throw new IllegalArgumentException("encodings of different encoders cannot be compared: " + why);
            }
        }
        return first;
    }

    /**
     * Dataset names in precedence order: {@code explicit} first, then the others by (input, dataset_rank, name).
     * A name used for two different roots is refused, since keys "dataset/path" would collide.
     */
    public static List<String> datasetOrder(Dataset<Row> encodings, List<String> explicit) {
        List<Row> rows = encodings.groupBy("dataset").agg(min("input").as("input"), min("dataset_rank").as("rank"),
                        org.apache.spark.sql.functions.countDistinct("root").as("roots"))
                .orderBy("input", "rank", "dataset").collectAsList();
        List<String> order = new ArrayList<>();
        List<String> known = new ArrayList<>();
        for (Row r : rows) {
            if (r.getLong(3) > 1) {
                throw new IllegalArgumentException("dataset name '" + r.getString(0)
                        + "' is used for two different roots; rename one when encoding");
            }
            known.add(r.getString(0));
        }
        for (String name : explicit) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown dataset '" + name + "' in the order (known: " + known + ")");
            }
            if (!order.contains(name)) {
                order.add(name);
            }
        }
        known.stream().filter(n -> !order.contains(n)).forEach(order::add);
        return order;
    }

    /**
     * Numbers the encoded images by (dataset order, path) and caches them ({@link #IMAGES}).
     * Skipped files are left out.
     */
    public static Dataset<Row> indexImages(SparkSession spark, Dataset<Row> encodings, List<String> order) {
        Map<String, Integer> rank = new LinkedHashMap<>();
        for (int i = 0; i < order.size(); i++) {
            rank.put(order.get(i), i);
        }
        List<Row> rankRows = new ArrayList<>();
        rank.forEach((n, r) -> rankRows.add(RowFactory.create(n, r)));
        Dataset<Row> ranks = spark.createDataFrame(rankRows,
                new StructType().add("rname", DataTypes.StringType).add("ds", DataTypes.IntegerType));
        Dataset<Row> sorted = encodings.filter(col("skip_reason").isNull())
                .join(org.apache.spark.sql.functions.broadcast(ranks), col("dataset").equalTo(col("rname")))
                .select("ds", "dataset", "root", "path", "size", "mtime", "width", "height", "hash", "variants", "vector")
                .sort("ds", "path");
        JavaRDD<Row> numbered = sorted.javaRDD().zipWithIndex().map(t -> {
            Row r = t._1();
            return RowFactory.create(t._2(), r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), r.get(5), r.get(6),
                    r.get(7), r.get(8), r.get(9), r.get(10));
        });
        Dataset<Row> images = spark.createDataFrame(numbered, IMAGES).persist(StorageLevel.MEMORY_AND_DISK());
        images.count();
        return images;
    }

    /** Reads, checks, numbers and searches the encodings at {@code paths}. */
    public static Search search(SparkSession spark, List<String> paths, EncoderSpec hint, Options options,
                                LongAccumulator candidates) {
        Dataset<Row> encodings = readEncodings(spark, paths, hint).persist(StorageLevel.MEMORY_AND_DISK());
        EncoderSpec spec = commonSpec(encodings);
        options = options.resolved(spec);
        options.check(spec);
        List<String> order = datasetOrder(encodings, options.datasetOrder());
        Dataset<Row> images = indexImages(spark, encodings, order);
        encodings.unpersist();
        if (spec.metric() == EncoderSpec.Metric.COSINE) {
            if (!images.filter(org.apache.spark.sql.functions.size(col("variants")).gt(0)).isEmpty()) {
                throw new IllegalArgumentException("embedding encodings cannot hold dihedral variants");
            }
            int block = options.bands() > 0 ? options.bands() : COSINE_BLOCK;
            return new Search(spec, order, images, cosinePairs(images, options.threshold(), options.crossOnly(), block,
                    candidates), "blocked cosine join, blocks of " + block, options);
        }
        boolean variants = !images.filter(org.apache.spark.sql.functions.size(col("variants")).gt(0)).isEmpty();
        int t = (int) options.threshold();
        if (spec.size() == 64 && !variants && options.bands() == 0) {
            int parallelism = spark.sparkContext().defaultParallelism();
            // the image count bounds the distinct values, so hashes beyond the broadcast limit are never collected
            int shards = ShardedHamming.shards(options.shards(), images.count(), parallelism);
            if (shards == 1) {
                BroadcastHamming.Values values = BroadcastHamming.Values.of(BroadcastHamming.collectHashes(images));
                int shares = parallelism * 4;
                return new Search(spec, order, images,
                        BroadcastHamming.pairs(images, values, t, options.crossOnly(), shares),
                        String.format("broadcast multi-index search of %,d distinct hashes (%,d repeated) in %d tasks",
                                values.distinct().length, values.repeated().length, shares), options);
            }
            return new Search(spec, order, images, ShardedHamming.pairs(images, t, options.crossOnly(), shards),
                    String.format("sharded multi-index search: %d shards, %d tasks", shards,
                            ShardedHamming.tasks(shards)), options);
        }
        Banding banding = Banding.choose(spec.size(), t, images.count(), options.bands());
        Dataset<Row> pairs = hammingPairs(images, banding, options.crossOnly(), variants, candidates);
        return new Search(spec, order, images, pairs, "banded join: " + banding, options);
    }

    /**
     * Every pair within {@code banding.threshold()}, each once with {@code a < b} ({@link #PAIRS}).
     *
     * <p>With dihedral variants a pair's distance is, as in {@link doppel.search.HammingSearch}, the minimum over
     * the original and every variant of one image against the original of the other, in both directions: the
     * originals' bands are indexed once, and every variant probes them like an extra query (any other image,
     * not only later ones). Each (query hash, original) candidate is kept by its first qualifying band only, and
     * the hits of one image pair are reduced to their minimum.
     *
     * @param images     rows with at least {@code id}, {@code ds} and {@code hash} (and {@code variants} when
     *                   {@code variants} is true)
     * @param crossOnly  only pairs from different datasets ({@code ds})
     * @param variants   compare the dihedral variants too
     * @param candidates counts the joined candidate pairs before verification, or null
     */
    public static Dataset<Row> hammingPairs(Dataset<Row> images, Banding banding, boolean crossOnly, boolean variants,
                                            LongAccumulator candidates) {
        int nWords = (banding.bits() + 63) / 64;
        StructType bandRows = new StructType()
                .add("band", DataTypes.IntegerType, false)
                .add("key", DataTypes.LongType, false)
                .add("id", DataTypes.LongType, false)
                .add("ds", DataTypes.IntegerType, false)
                .add("v", DataTypes.BooleanType, false);
        for (int w = 0; w < nWords; w++) {
            bandRows = bandRows.add("h" + w, DataTypes.LongType, false);
        }
        Dataset<Row> base = variants ? images.select("id", "ds", "hash", "variants") : images.select("id", "ds", "hash");
        Dataset<Row> exact = base.flatMap(new BandRows(banding, false, false), Encoders.row(bandRows));
        Dataset<Row> probe = banding.radius() == 0 && !variants ? exact
                : base.flatMap(new BandRows(banding, banding.radius() > 0, variants), Encoders.row(bandRows));
        String[] qNames = new String[5 + nWords];
        String[] tNames = new String[5 + nWords];
        String[] qs = {"band", "key", "qid", "qds", "qv"};
        String[] ts = {"tband", "tkey", "tid", "tds", "tv"};
        System.arraycopy(qs, 0, qNames, 0, 5);
        System.arraycopy(ts, 0, tNames, 0, 5);
        List<Column> selected = new ArrayList<>(List.of(col("band"), col("qid"), col("tid")));
        for (int w = 0; w < nWords; w++) {
            qNames[5 + w] = "q" + w;
            tNames[5 + w] = "t" + w;
        }
        for (int w = 0; w < nWords; w++) {
            selected.add(col("q" + w));
        }
        for (int w = 0; w < nWords; w++) {
            selected.add(col("t" + w));
        }
        Dataset<Row> q = probe.toDF(qNames);
        Dataset<Row> t = exact.toDF(tNames);
        // an original probes later originals only (each pair once); a variant probes every other original
        Column order = variants
                ? q.col("qid").lt(t.col("tid")).or(q.col("qv").and(q.col("qid").notEqual(t.col("tid"))))
                : q.col("qid").lt(t.col("tid"));
        Column on = q.col("band").equalTo(t.col("tband")).and(q.col("key").equalTo(t.col("tkey"))).and(order);
        if (crossOnly) {
            on = on.and(q.col("qds").notEqual(t.col("tds")));
        }
        Dataset<Row> hits = q.join(t, on).select(selected.toArray(new Column[0]))
                .mapPartitions(new Verify(banding, nWords, candidates), Encoders.row(PAIRS));
        return variants ? hits.groupBy("a", "b").agg(min("distance").as("distance")) : hits;
    }

    /**
     * Every pair of embeddings with cosine similarity {@code >= threshold}, each once with {@code a < b}
     * ({@link #COSINE_PAIRS}): an exact blocked join ({@link CosineBlocks}) whose scores equal
     * {@link doppel.search.CosineSearch}'s.
     *
     * @param images     rows with at least {@code id}, {@code ds} and {@code vector}
     * @param blockSize  vectors per block (a block pair is one task)
     * @param candidates counts the pairs that passed the float filter and were re-scored, or null
     */
    public static Dataset<Row> cosinePairs(Dataset<Row> images, double threshold, boolean crossOnly, int blockSize,
                                           LongAccumulator candidates) {
        return images.sparkSession().createDataFrame(
                CosineBlocks.pairs(images, threshold, crossOnly, blockSize, candidates), COSINE_PAIRS);
    }

    /**
     * Emits a hash's band keys (exact side) or all keys within the radius (probe side), with the hash as plain
     * long columns: fixed-width rows shuffle several times faster than rows holding an array. With
     * {@code variants}, each dihedral variant is emitted too, flagged {@code v}.
     *
     * @param expand true for the probe side (all keys within the radius), false for the exact side
     */
    record BandRows(Banding banding, boolean expand, boolean variants) implements FlatMapFunction<Row, Row> {
        @Override
        public Iterator<Row> call(Row r) {
            long id = r.getLong(0);
            int ds = r.getInt(1);
            List<Row> out = new ArrayList<>();
            emit(hashWords(r.get(2)), id, ds, false, out);
            if (variants && !r.isNullAt(3)) {
                for (Object v : r.getList(3)) {
                    emit(hashWords(v), id, ds, true, out);
                }
            }
            return out.iterator();
        }

        private void emit(long[] h, long id, int ds, boolean variant, List<Row> out) {
            for (int j = 0; j < banding.bands(); j++) {
                int band = j;
                long key = banding.key(h, j);
                if (expand) {
                    banding.neighbours(key, j, k -> out.add(row(band, k, id, ds, variant, h)));
                } else {
                    out.add(row(band, key, id, ds, variant, h));
                }
            }
        }

        private static Row row(int band, long key, long id, int ds, boolean variant, long[] h) {
            Object[] values = new Object[5 + h.length];
            values[0] = band;
            values[1] = key;
            values[2] = id;
            values[3] = ds;
            values[4] = variant;
            for (int w = 0; w < h.length; w++) {
                values[5 + w] = h[w];
            }
            return RowFactory.create(values);
        }
    }

    /**
     * Keeps a joined candidate when its full distance is within the threshold and its band is the first that
     * qualifies; emits it as (smaller id, larger id, distance).
     *
     * @param candidates counts the joined candidate pairs before verification, or null
     */
    record Verify(Banding banding, int nWords, LongAccumulator candidates) implements MapPartitionsFunction<Row, Row> {
        @Override
        public Iterator<Row> call(Iterator<Row> in) {
            long[] a = new long[nWords];
            long[] b = new long[nWords];
            return new Iterator<>() {
                private Row next;
                private long seen;

                @Override
                public boolean hasNext() {
                    while (next == null && in.hasNext()) {
                        Row r = in.next();
                        seen++;
                        for (int w = 0; w < nWords; w++) {
                            a[w] = r.getLong(3 + w);
                            b[w] = r.getLong(3 + nWords + w);
                        }
                        int d = Banding.distance(a, b);
                        if (d <= banding.threshold() && banding.firstBandWithin(a, b) == r.getInt(0)) {
                            long x = r.getLong(1);
                            long y = r.getLong(2);
                            next = RowFactory.create(Math.min(x, y), Math.max(x, y), d);
                        }
                    }
                    if (next == null && candidates != null && seen > 0) {
                        candidates.add(seen);
                        seen = 0;
                    }
                    return next != null;
                }

                @Override
                public Row next() {
                    if (!hasNext()) {
                        throw new java.util.NoSuchElementException();
                    }
                    Row r = next;
                    next = null;
                    return r;
                }
            };
        }
    }

    /**
     * The words of a hash cell: a Scala sequence in rows Spark deserialised, or the {@code Long[]} a Row was
     * built with when Spark passes a generated Row straight on.
     */
    static long[] hashWords(Object cell) {
        if (cell instanceof Long[] boxed) {
            long[] w = new long[boxed.length];
            for (int i = 0; i < w.length; i++) {
                w[i] = boxed[i];
            }
            return w;
        }
        if (cell instanceof scala.collection.Seq<?> seq) {
            @SuppressWarnings("unchecked")
            List<Long> list = (List<Long>) scala.jdk.javaapi.CollectionConverters.asJava(seq);
            return words(list);
        }
        throw new IllegalArgumentException("not a hash column value: " + cell);
    }

    static long[] words(List<Long> list) {
        long[] w = new long[list.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = list.get(i);
        }
        return w;
    }

    /**
     * Connected components of the pair graph by min-label propagation with pointer jumping: each round every
     * node takes the smallest label among itself, its neighbours and its label's label, until no label changes.
     * Labels only decrease and stay node ids of the same component, so at the fixpoint each component carries
     * its smallest id. Returns (id, group) for every image in at least one pair.
     */
    public static Dataset<Row> components(Dataset<Row> pairs) {
        Dataset<Row> edges = pairs.select(col("a").as("src"), col("b").as("dst"))
                .union(pairs.select(col("b").as("src"), col("a").as("dst")))
                .persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> labels = edges.groupBy("src").agg(min("dst").as("m"))
                .select(col("src").as("node"), least(col("src"), col("m")).as("label"))
                .localCheckpoint();
        while (true) {
            Dataset<Row> parent = labels.toDF("pnode", "plabel");
            Dataset<Row> jumped = labels.join(parent, labels.col("label").equalTo(parent.col("pnode")))
                    .select(col("node"), least(col("label"), col("plabel")).as("label"));
            Dataset<Row> nbr = edges.join(jumped, edges.col("dst").equalTo(jumped.col("node")))
                    .groupBy("src").agg(min("label").as("m"));
            Dataset<Row> next = jumped.join(nbr, jumped.col("node").equalTo(nbr.col("src")))
                    .select(col("node"), least(col("label"), col("m")).as("label"))
                    .localCheckpoint();
            Dataset<Row> old = labels.toDF("onode", "olabel");
            long changed = next.join(old, next.col("node").equalTo(old.col("onode")))
                    .filter(col("label").notEqual(col("olabel"))).count();
            labels.unpersist();
            labels = next;
            if (changed == 0) {
                break;
            }
        }
        edges.unpersist();
        return labels.toDF("id", "group");
    }

    /** Schema of {@link #groups}. */
    public static final StructType GROUPS = new StructType()
            .add("group", DataTypes.LongType, false)
            .add("id", DataTypes.LongType, false)
            .add("kept", DataTypes.BooleanType, false)
            .add("score", DataTypes.DoubleType, false)
            .add("ds", DataTypes.IntegerType, false)
            .add("dataset", DataTypes.StringType, false)
            .add("root", DataTypes.StringType, false)
            .add("path", DataTypes.StringType, false)
            .add("size", DataTypes.LongType, false)
            .add("mtime", DataTypes.LongType, false)
            .add("width", DataTypes.IntegerType, false)
            .add("height", DataTypes.IntegerType, false);

    /**
     * Duplicate groups with their kept image, by exactly the CLI's rules: each connected component is handed,
     * on an executor, to the find use case's {@link Grouping} (keep policy, ties by dataset order then path; in cross-only
     * mode one group per image of the earliest dataset). Columns: {@link #GROUPS}, where {@code group} is the
     * id of the group's kept image and {@code score} is the member's distance to it (NaN when only chained).
     *
     * @param roots the root of each dataset of {@code order}
     */
    public static Dataset<Row> groups(Dataset<Row> images, Dataset<Row> pairs, Dataset<Row> components, EncoderSpec spec,
                                      List<String> order, List<String> roots, Options options) {
        Dataset<Row> members = components.join(images, "id");
        Dataset<Row> labels = components.toDF("cid", "cgroup");
        Dataset<Row> componentPairs = pairs.join(labels, pairs.col("a").equalTo(labels.col("cid")))
                .select(col("cgroup").as("group"), col("a"), col("b"), col(pairs.columns()[2]));
        KeyValueGroupedDataset<Long, Row> byMembers = members.groupByKey(
                (MapFunction<Row, Long>) r -> r.getLong(r.fieldIndex("group")), Encoders.LONG());
        KeyValueGroupedDataset<Long, Row> byPairs = componentPairs.groupByKey(
                (MapFunction<Row, Long>) r -> r.getLong(0), Encoders.LONG());
        return byMembers.cogroup(byPairs, new GroupComponent(SpecJson.write(spec), order, roots, options),
                Encoders.row(GROUPS));
    }

    /** Most pairs grouped on the driver ({@link #groupsOnDriver}); beyond, components are found on the cluster. */
    public static final long DRIVER_PAIRS = 10_000_000L;

    /**
     * The same as {@link #groups}, computed on the driver for pairs that fit its memory: the images in pairs are
     * collected and the find use case's {@link Grouping} runs once on them, which saves the rounds of the distributed
     * connected components.
     *
     * @param pairs every pair (a, b, score), collected
     * @return the groups ({@link #GROUPS}) and the key "dataset/path" of every image in a pair, by id
     */
    public static DriverGroups groupsOnDriver(Dataset<Row> images, List<Row> pairs, EncoderSpec spec,
                                              List<String> order, List<String> roots, Options options) {
        SparkSession spark = images.sparkSession();
        java.util.Set<Long> ids = new java.util.HashSet<>();
        List<Row> pairRows = new ArrayList<>(pairs.size());
        for (Row p : pairs) {
            ids.add(p.getLong(0));
            ids.add(p.getLong(1));
            pairRows.add(RowFactory.create(0L, p.getLong(0), p.getLong(1), p.get(2)));
        }
        List<Row> members = inPairs(images, ids);
        Map<Long, String> keys = new java.util.HashMap<>();
        for (Row r : members) {
            keys.put(r.getLong(r.fieldIndex("id")), r.getString(r.fieldIndex("dataset")) + "/"
                    + r.getString(r.fieldIndex("path")));
        }
        List<Row> out = new ArrayList<>();
        new GroupComponent(SpecJson.write(spec), order, roots, options)
                .call(0L, members.iterator(), pairRows.iterator()).forEachRemaining(out::add);
        return new DriverGroups(spark.createDataFrame(out, GROUPS), keys);
    }

    /** {@link #groupsOnDriver}'s result: the groups and the keys of the images in pairs. */
    public record DriverGroups(Dataset<Row> groups, Map<Long, String> keys) {
    }

    /** The rows of the images whose ids are given, collected (ids broadcast to the scan). */
    static List<Row> inPairs(Dataset<Row> images, java.util.Set<Long> ids) {
        List<Row> idRows = new ArrayList<>(ids.size());
        ids.forEach(id -> idRows.add(RowFactory.create(id)));
        Dataset<Row> wanted = images.sparkSession().createDataFrame(idRows,
                new StructType().add("id", DataTypes.LongType, false));
        return images.join(org.apache.spark.sql.functions.broadcast(wanted), "id").collectAsList();
    }

    /** Runs the find use case's grouping ({@link Grouping}) on one connected component. */
    static final class GroupComponent implements CoGroupFunction<Long, Row, Row, Row> {
        private static final long serialVersionUID = 1L;
        private final String specJson;
        private final List<String> order;
        private final List<String> roots;
        private final Options options;

        GroupComponent(String specJson, List<String> order, List<String> roots, Options options) {
            this.specJson = specJson;
            this.order = List.copyOf(order);
            this.roots = List.copyOf(roots);
            this.options = options;
        }

        @Override
        public Iterator<Row> call(Long label, Iterator<Row> memberRows, Iterator<Row> pairRows) {
            List<doppel.dataset.Dataset> datasets = new ArrayList<>();
            for (int i = 0; i < order.size(); i++) {
                datasets.add(new doppel.dataset.Dataset(order.get(i), java.nio.file.Path.of(FindOutputs.localRoot(roots.get(i)))));
            }
            EncoderSpec spec = SpecJson.read(specJson);
            List<Row> rows = new ArrayList<>();
            memberRows.forEachRemaining(rows::add);
            rows.sort(java.util.Comparator.comparingLong(r -> r.getLong(r.fieldIndex("id"))));
            Map<Long, Integer> local = new java.util.HashMap<>();
            List<EncodedImage> images = new ArrayList<>();
            for (Row r : rows) {
                local.put(r.getLong(r.fieldIndex("id")), images.size());
                doppel.dataset.Dataset ds = datasets.get(r.getInt(r.fieldIndex("ds")));
                ImageFile f = new ImageFile(ds, r.getString(r.fieldIndex("path")), r.getLong(r.fieldIndex("size")),
                        r.getLong(r.fieldIndex("mtime")));
                images.add(new EncodedImage(f, fingerprint(r, spec), List.of(), r.getInt(r.fieldIndex("width")),
                        r.getInt(r.fieldIndex("height"))));
            }
            List<Match> matches = new ArrayList<>();
            pairRows.forEachRemaining(p -> matches.add(new Match(local.get(p.getLong(1)), local.get(p.getLong(2)),
                    ((Number) p.get(3)).doubleValue())));
            DuplicateResult result = Grouping.of(datasets, spec, images, List.of(), matches,
                    new Threshold(options.threshold(), spec.metric()), options.crossOnly(), options.keep()).result();
            List<Row> out = new ArrayList<>();
            for (DuplicateGroup g : result.groups()) {
                long keptId = rows.get(g.kept()).getLong(rows.get(g.kept()).fieldIndex("id"));
                for (int k = 0; k < g.members().size(); k++) {
                    Row r = rows.get(g.members().get(k));
                    out.add(RowFactory.create(keptId, r.getLong(r.fieldIndex("id")), g.members().get(k) == g.kept(),
                            g.scores().get(k), r.getInt(r.fieldIndex("ds")), r.getString(r.fieldIndex("dataset")),
                            r.getString(r.fieldIndex("root")), r.getString(r.fieldIndex("path")),
                            r.getLong(r.fieldIndex("size")), r.getLong(r.fieldIndex("mtime")),
                            r.getInt(r.fieldIndex("width")), r.getInt(r.fieldIndex("height"))));
                }
            }
            return out.iterator();
        }
    }

    /** An image's fingerprint: its hash, or its embedding for cosine encoders. */
    private static doppel.encode.Fingerprint fingerprint(Row r, EncoderSpec spec) {
        if (spec.metric() == EncoderSpec.Metric.COSINE) {
            List<Float> v = r.getList(r.fieldIndex("vector"));
            float[] f = new float[v.size()];
            for (int i = 0; i < f.length; i++) {
                f[i] = v.get(i);
            }
            return doppel.encode.Embedding.of(f);
        }
        return BitHash.of(words(r.getList(r.fieldIndex("hash"))), spec.size());
    }

    /** The root of each dataset of the search, in {@link Search#datasets()} order ("/" for a dataset with no encoded image). */
    public static List<String> roots(Search s) {
        List<Row> rows = s.images().select("dataset", "root").distinct().collectAsList();
        List<String> roots = new ArrayList<>();
        for (String name : s.datasets()) {
            roots.add(rows.stream().filter(r -> r.getString(0).equals(name)).map(r -> r.getString(1))
                    .findFirst().orElse("/"));
        }
        return roots;
    }

    /** {@link #namedPairs(Dataset, Dataset)} of pairs collected on the driver, with the keys of their images. */
    public static Dataset<Row> namedPairs(SparkSession spark, List<Row> pairs, Map<Long, String> keys, StructType pairSchema) {
        List<Row> rows = new ArrayList<>(pairs.size());
        for (Row p : pairs) {
            String a = keys.get(p.getLong(0));
            String b = keys.get(p.getLong(1));
            int sa = a.indexOf('/');
            int sb = b.indexOf('/');
            rows.add(RowFactory.create(a.substring(0, sa), a.substring(sa + 1), b.substring(0, sb), b.substring(sb + 1),
                    p.get(2)));
        }
        StructType schema = new StructType().add("a_dataset", DataTypes.StringType, false)
                .add("a_path", DataTypes.StringType, false).add("b_dataset", DataTypes.StringType, false)
                .add("b_path", DataTypes.StringType, false).add(pairSchema.fields()[2]);
        return spark.createDataFrame(rows, schema);
    }

    /**
     * Pairs with their images' keys: a_dataset, a_path, b_dataset, b_path, and the score column of the pairs
     * ({@code distance} for hashes, {@code similarity} for embeddings).
     */
    public static Dataset<Row> namedPairs(Dataset<Row> images, Dataset<Row> pairs) {
        Dataset<Row> a = images.select(col("id").as("aid"), col("dataset").as("a_dataset"), col("path").as("a_path"));
        Dataset<Row> b = images.select(col("id").as("bid"), col("dataset").as("b_dataset"), col("path").as("b_path"));
        return pairs.join(a, pairs.col("a").equalTo(a.col("aid")))
                .join(b, pairs.col("b").equalTo(b.col("bid")))
                .select("a_dataset", "a_path", "b_dataset", "b_path", pairs.columns()[2]);
    }
}
