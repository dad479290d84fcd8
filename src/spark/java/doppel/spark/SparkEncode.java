package doppel.spark;

import doppel.dataset.Dataset;
import doppel.dataset.ImageFile;
import doppel.encode.BitHash;
import doppel.encode.EncodeSink;
import doppel.encode.EncodedImage;
import doppel.encode.Encoder;
import doppel.encode.EncoderException;
import doppel.encode.EncoderSpec;
import doppel.encode.Embedding;
import doppel.encode.hash.HashEncoder;
import doppel.encode.Fingerprint;
import doppel.dataset.SkippedFile;
import doppel.progress.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkContext;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.util.DoubleAccumulator;
import org.apache.spark.util.LongAccumulator;

/**
 * Encodes images on a Spark cluster into Parquet encodings ({@link EncodingsSchema}).
 *
 * <p>Files are listed with Spark's {@code binaryFile} source (any Hadoop file system, recursive, filtered by
 * image extension); the content column is not selected, so the listing reads no image bytes. Each task then
 * creates one Doppel {@link Encoder} for its partition and encodes its files in batches. Local files
 * Hash encoders read each file's bytes through its Hadoop file system and hash them in memory
 * ({@link HashEncoder#encodeBytes(ImageFile, byte[], EncodeSink)}); other encoders take paths, so for them
 * {@code file:} files are handed over in place and files on other file systems are copied to a temporary folder
 * of the executor first. Zero-byte files, which Spark's scan drops, are listed separately and skipped as the
 * CLI skips them.
 *
 * <p>Broken, unreadable or oversized files become rows with a {@code skip_reason}; they never fail the job.
 */
public final class SparkEncode {
    /** Extensions encoded, matched case-insensitively. */
    public static final List<String> EXTENSIONS = List.of("jpg", "jpeg", "jpe", "png", "webp", "bmp", "gif", "tif", "tiff");

    /** Files on other file systems copied per encoder call: bounds an executor's temporary copies. */
    static final int BATCH = 64;

    /** Files per encoder call at most: bounds the rows a task holds before handing them to Spark. */
    static final int LOCAL_CHUNK = 4096;

    /**
     * Files per task that Spark's split of the listing is merged up to (never below one task per core): Spark packs
     * about 30 small images into a split (it counts 4 MB of "open cost" per file), and every task pays for its
     * encoder's start (an embedding encoder's pipeline fills and drains once per call) and its own Parquet file.
     */
    static final int FILES_PER_TASK = 512;

    private static final int SKIP_REASON = EncodingsSchema.SCHEMA.fieldIndex("skip_reason");

    /**
     * One input dataset.
     *
     * @param name dataset name used in keys ("name/relative/path")
     * @param root any Hadoop path or URI (a local folder, hdfs://..., s3a://...)
     */
    public record Input(String name, String root) implements Serializable {
        public Input {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(root, "root");
            if (name.isBlank() || name.contains("/")) {
                throw new IllegalArgumentException("dataset name must be non-blank without '/': '" + name + "'");
            }
        }

        /** Parses "name=path" or a bare path (named after its last folder). */
        public static Input parse(String text) {
            int eq = text.indexOf('=');
            if (eq > 0 && !text.substring(0, eq).contains("/")) {
                return new Input(text.substring(0, eq), text.substring(eq + 1));
            }
            String trimmed = text.replaceAll("/+$", "");
            String name = trimmed.substring(trimmed.lastIndexOf('/') + 1);
            return new Input(name.isEmpty() ? "root" : name, text);
        }
    }

    /**
     * Options of an encode run.
     *
     * @param partitions repartition the file list into this many tasks (0: keep Spark's split of the listing)
     * @param maxBytes   files larger than this are skipped ("too large") instead of being read
     * @param overwrite  replace an existing output
     */
    public record Options(int partitions, long maxBytes, boolean overwrite) implements Serializable {
        /** Spark's own split, 2 GiB limit, no overwrite. */
        public static Options defaults() {
            return new Options(0, Integer.MAX_VALUE - 64L, false);
        }
    }

    /**
     * What an encode run produced.
     *
     * @param encoded files with a fingerprint
     * @param skipped files with a skip reason
     * @param phases  where the time went
     */
    public record Summary(long encoded, long skipped, Phases phases) {
    }

    /**
     * Where an encode run's time went. The driver's phases are wall-clock seconds; the task phases are seconds
     * summed over tasks (tasks run at once, so they add up to about the task slots times the job's wall time).
     *
     * @param list   driver: listing the input files
     * @param job    driver: the encode-and-write job (every task)
     * @param tasks  number of tasks that encoded at least one file
     * @param setup  tasks: creating the encoder (the model load of an executor's first task, and the wait of its
     *               other tasks for it)
     * @param encode tasks: inside the encoder (decoding, hashing, inference, with its own threads)
     * @param decode decode threads of an embedding encoder: reading, decoding and preprocessing (0 for hashes)
     * @param engine the model calls of an embedding encoder (0 for hashes)
     * @param write  tasks: the rest of the task's time, mostly converting and writing the Parquet rows
     */
    public record Phases(double list, double job, long tasks, double setup, double encode, double decode,
                         double engine, double write) {
        /** One line for the log: "list 0.4 s, job 12.1 s (2 tasks, summed: encoder setup 2.0 s, ...)". */
        public String describe() {
            String inside = decode > 0 || engine > 0
                    ? String.format(Locale.ROOT, " [decode threads %.1f s, model %.1f s]", decode, engine) : "";
            return String.format(Locale.ROOT, "list %.1f s, job %.1f s (%d tasks, summed: encoder setup %.1f s, encode"
                    + " %.1f s%s, Parquet write %.1f s)", list, job, tasks, setup, encode, inside, write);
        }
    }

    /** The tasks' counts and timers (seconds): Spark accumulators, summed over tasks and executors. */
    static final class TaskClock implements Serializable {
        private static final long serialVersionUID = 1L;
        final LongAccumulator encoded;
        final LongAccumulator skipped;
        final LongAccumulator tasks;
        final DoubleAccumulator setup;
        final DoubleAccumulator encode;
        final DoubleAccumulator decode;
        final DoubleAccumulator engine;
        final DoubleAccumulator write;

        TaskClock(SparkContext sc) {
            encoded = sc.longAccumulator("doppel encoded");
            skipped = sc.longAccumulator("doppel skipped");
            tasks = sc.longAccumulator("doppel encode tasks");
            setup = sc.doubleAccumulator("doppel encoder setup s");
            encode = sc.doubleAccumulator("doppel encode s");
            decode = sc.doubleAccumulator("doppel decode threads s");
            engine = sc.doubleAccumulator("doppel model s");
            write = sc.doubleAccumulator("doppel write s");
        }

        Phases phases(double list, double job) {
            return new Phases(list, job, tasks.value(), setup.value(), encode.value(), decode.value(),
                    engine.value(), write.value());
        }
    }

    private SparkEncode() {
    }

    /** The binaryFile glob matching {@link #EXTENSIONS} in any letter case, e.g. {@code *.{[jJ][pP][gG],...}}. */
    static String extensionGlob() {
        StringBuilder sb = new StringBuilder("*.{");
        for (int i = 0; i < EXTENSIONS.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            for (char c : EXTENSIONS.get(i).toCharArray()) {
                sb.append('[').append(c).append(Character.toUpperCase(c)).append(']');
            }
        }
        return sb.append('}').toString();
    }

    /** The files of the inputs (no content): dataset, dataset_rank, root, file path, size, mtime. */
    public static org.apache.spark.sql.Dataset<Row> listFiles(SparkSession spark, List<Input> inputs) {
        org.apache.spark.sql.Dataset<Row> all = null;
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        for (int rank = 0; rank < inputs.size(); rank++) {
            Input in = inputs.get(rank);
            requireExists(spark, in.root(), "dataset " + in.name());
            String root = qualify(in.root(), conf);
            org.apache.spark.sql.Dataset<Row> files = spark.read().format("binaryFile")
                    .option("recursiveFileLookup", "true")
                    .option("pathGlobFilter", extensionGlob())
                    .load(in.root())
                    .select(functions.lit(in.name()).as("dataset"), functions.lit(rank).as("dataset_rank"),
                            functions.lit(root).as("root"), functions.col("path").as("file"),
                            functions.col("length").as("size"),
                            functions.col("modificationTime").cast("long").multiply(1000).as("mtime"));
            all = all == null ? files : all.unionByName(files);
            List<Row> empty = zeroByteFiles(conf, in.name(), rank, root);
            if (!empty.isEmpty()) {
                all = all.unionByName(spark.createDataFrame(empty, files.schema()));
            }
        }
        if (all == null) {
            throw new IllegalArgumentException("no input datasets");
        }
        return all;
    }

    /**
     * The zero-length image files under {@code root}, as listing rows. Spark's file scan drops empty files before
     * any task sees them, so they are listed here, on the driver, with the binaryFile source's own filters
     * (image extension in any case; names starting with "." or "_" hidden), and then encoded like any file:
     * the encoder skips them as "zero-byte file", as the CLI does.
     */
    static List<Row> zeroByteFiles(Configuration conf, String name, int rank, String root) {
        List<Row> out = new ArrayList<>();
        Path base = new Path(root);
        try {
            org.apache.hadoop.fs.RemoteIterator<org.apache.hadoop.fs.LocatedFileStatus> it =
                    base.getFileSystem(conf).listFiles(base, true);
            while (it.hasNext()) {
                org.apache.hadoop.fs.LocatedFileStatus f = it.next();
                if (f.getLen() == 0 && isImageName(f.getPath().getName()) && !hidden(root, f.getPath().toString())) {
                    // whole seconds, like the binaryFile rows (timestamp cast to long)
                    out.add(RowFactory.create(name, rank, root, f.getPath().toString(), 0L,
                            f.getModificationTime() / 1000 * 1000));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static boolean isImageName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot >= 0 && EXTENSIONS.contains(fileName.substring(dot + 1).toLowerCase(java.util.Locale.ROOT));
    }

    /** True when a path component below the root starts with "." or "_", which Spark's file listing leaves out. */
    private static boolean hidden(String root, String file) {
        for (String part : relative(root, file).split("/")) {
            if (part.startsWith(".") || part.startsWith("_")) {
                return true;
            }
        }
        return false;
    }

    /** Fails with a one-line message when {@code path} does not exist (Spark would log a stack trace first). */
    static void requireExists(SparkSession spark, String path, String what) {
        try {
            Path p = new Path(path);
            if (!p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p)) {
                throw new IllegalArgumentException(what + " not found: " + path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + path + ": " + e.getMessage(), e);
        }
    }

    /** The root as a qualified URI string without a trailing slash, the prefix of binaryFile's paths. */
    static String qualify(String root, Configuration conf) {
        try {
            Path p = new Path(root);
            String q = p.getFileSystem(conf).makeQualified(p).toString();
            return q.endsWith("/") ? q.substring(0, q.length() - 1) : q;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + root + ": " + e.getMessage(), e);
        }
    }

    /** Encodes the listed files ({@link #listFiles}) into rows ({@link EncodingsSchema#SCHEMA}), timing the tasks. */
    static org.apache.spark.sql.Dataset<Row> encode(org.apache.spark.sql.Dataset<Row> files, EncoderFactory factory,
                                                    Options options, TaskClock clock) {
        if (options.partitions() > 0) {
            files = files.repartition(options.partitions());
        } else {
            int split = files.rdd().getNumPartitions();
            int tasks = tasksFor(files.inputFiles().length, split, files.sparkSession().sparkContext().defaultParallelism());
            if (tasks < split) {
                files = files.coalesce(tasks);
            }
        }
        return files.mapPartitions(new EncodePartition(factory, options.maxBytes(), clock),
                Encoders.row(EncodingsSchema.SCHEMA));
    }

    /**
     * Tasks for {@code files} files that Spark split into {@code split} tasks: about {@link #FILES_PER_TASK} files
     * each, rounded up to a multiple of {@code slots} so that no last round of tasks leaves cores idle (3 tasks on 2
     * cores run the third alone), and never more than Spark's split.
     */
    static int tasksFor(long files, int split, int slots) {
        long rounds = Math.max(1, (files + (long) FILES_PER_TASK * slots - 1) / ((long) FILES_PER_TASK * slots));
        return (int) Math.max(1, Math.min(split, rounds * slots));
    }

    /** Encodes and writes Parquet to {@code out}; returns the counts and where the time went. */
    public static Summary encodeToParquet(SparkSession spark, List<Input> inputs, EncoderFactory factory,
                                          Options options, String out) {
        TaskClock clock = new TaskClock(spark.sparkContext());
        long t0 = System.nanoTime();
        org.apache.spark.sql.Dataset<Row> files = listFiles(spark, inputs);
        long t1 = System.nanoTime();
        encode(files, factory, options, clock).write()
                .mode(options.overwrite() ? SaveMode.Overwrite : SaveMode.ErrorIfExists).parquet(out);
        long t2 = System.nanoTime();
        // counted in the write job's own tasks: Spark merges a result task's accumulator updates once (retried and
        // speculative copies are not added), so no second pass over the Parquet is needed
        return new Summary(clock.encoded.value(), clock.skipped.value(), clock.phases((t1 - t0) / 1e9,
                (t2 - t1) / 1e9));
    }

    /**
     * An encoder that reports how long its own threads spent decoding and in the model (an embedding encoder's
     * pipeline), for {@link Phases}.
     */
    interface TimedEncoder {
        /** Seconds {decode threads, model} since the previous call, over every task sharing the encoder. */
        double[] takeSeconds();
    }

    /**
     * Runs on the executors: one encoder per partition, files in chunks. An encoder that reads local files in
     * place gets up to {@link #LOCAL_CHUNK} of them per call, so an embedding encoder's pipeline (decode threads
     * feeding the model) runs over the whole task instead of draining every few files; files that must first be
     * copied from another file system go {@link #BATCH} at a time.
     */
    static final class EncodePartition implements MapPartitionsFunction<Row, Row> {
        private static final long serialVersionUID = 1L;
        private final EncoderFactory factory;
        private final long maxBytes;
        private final TaskClock clock;

        EncodePartition(EncoderFactory factory, long maxBytes, TaskClock clock) {
            this.factory = factory;
            this.maxBytes = maxBytes;
            this.clock = clock;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> input) throws Exception {
            if (!input.hasNext()) {
                return Collections.emptyIterator();
            }
            long start = System.nanoTime();
            long[] inside = new long[1];
            // what the task spends outside this iterator is Spark converting and writing the rows
            TaskContext.get().addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) ctx ->
                    clock.write.add((System.nanoTime() - start - inside[0]) / 1e9));
            clock.tasks.add(1);
            Configuration conf = new Configuration();
            java.nio.file.Path tmp = Files.createTempDirectory("doppel-spark-");
            Encoder encoder = factory.create();
            String spec = SpecJson.write(encoder.spec());
            long created = System.nanoTime() - start;
            inside[0] += created;
            clock.setup.add(created / 1e9);
            boolean copiesNonLocal = !(encoder instanceof HashEncoder);
            return new Iterator<>() {
                private Iterator<Row> batch = Collections.emptyIterator();
                private boolean closed;

                @Override
                public boolean hasNext() {
                    while (!batch.hasNext() && input.hasNext()) {
                        List<Row> rows = new ArrayList<>();
                        int copies = 0;
                        while (rows.size() < LOCAL_CHUNK && copies < BATCH && input.hasNext()) {
                            Row r = input.next();
                            rows.add(r);
                            copies += copiesNonLocal && !r.getString(3).startsWith("file:") ? 1 : 0;
                        }
                        long t0 = System.nanoTime();
                        List<Row> encodedRows = encodeBatch(encoder, spec, rows, tmp, conf);
                        long skips = encodedRows.stream().filter(r -> !r.isNullAt(SKIP_REASON)).count();
                        clock.skipped.add(skips);
                        clock.encoded.add(encodedRows.size() - skips);
                        batch = encodedRows.iterator();
                        long took = System.nanoTime() - t0;
                        inside[0] += took;
                        clock.encode.add(took / 1e9);
                        if (encoder instanceof TimedEncoder timed) {
                            double[] threads = timed.takeSeconds();
                            clock.decode.add(threads[0]);
                            clock.engine.add(threads[1]);
                        }
                    }
                    if (!batch.hasNext() && !closed) {
                        closed = true;
                        encoder.close();
                        deleteQuietly(tmp);
                    }
                    return batch.hasNext();
                }

                @Override
                public Row next() {
                    if (!hasNext()) {
                        throw new java.util.NoSuchElementException();
                    }
                    return batch.next();
                }
            };
        }

        private List<Row> encodeBatch(Encoder encoder, String spec, List<Row> rows, java.nio.file.Path tmp,
                                      Configuration conf) {
            List<Row> out = new ArrayList<>(rows.size());
            List<ImageFile> toEncode = new ArrayList<>();
            List<Row> sources = new ArrayList<>();
            List<java.nio.file.Path> copies = new ArrayList<>();
            for (Row r : rows) {
                String root = r.getString(2);
                String file = r.getString(3);
                long size = r.getLong(4);
                long mtime = r.getLong(5);
                String rel = relative(root, file);
                if (size > maxBytes) {
                    out.add(skipRow(r, rel, spec, "too large: " + size + " bytes (over " + maxBytes + ")"));
                    continue;
                }
                if (encoder instanceof HashEncoder hashes) {
                    out.add(encodeInMemory(hashes, spec, r, rel, conf));
                    continue;
                }
                try {
                    ImageFile f;
                    if (file.startsWith("file:")) {
                        f = new ImageFile(new Dataset(r.getString(0), Paths.get(new Path(root).toUri().getPath())), rel,
                                size, mtime);
                    } else {
                        String name = toEncode.size() + extensionOf(rel);
                        java.nio.file.Path copy = tmp.resolve(name);
                        Path src = new Path(file);
                        try (InputStream in = src.getFileSystem(conf).open(src)) {
                            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
                        }
                        copies.add(copy);
                        f = new ImageFile(new Dataset(r.getString(0), tmp), name, size, mtime);
                    }
                    toEncode.add(f);
                    sources.add(r);
                } catch (IOException | RuntimeException e) {
                    out.add(skipRow(r, rel, spec, "unreadable: " + oneLine(e)));
                }
            }
            Map<String, Object> results = runEncoder(encoder, toEncode);
            for (int i = 0; i < toEncode.size(); i++) {
                Row r = sources.get(i);
                String rel = relative(r.getString(2), r.getString(3));
                Object res = results.get(toEncode.get(i).key());
                if (res instanceof EncodedImage e) {
                    out.add(encodedRow(r, rel, spec, e));
                } else {
                    out.add(skipRow(r, rel, spec, res == null ? "no result from the encoder" : (String) res));
                }
            }
            copies.forEach(SparkEncode::deleteQuietly);
            return out;
        }
    }

    /**
     * Reads one file through its Hadoop file system and hashes the bytes in memory: no temporary copy, whatever
     * the file system. Reasons for skipping are the CLI's ({@link HashEncoder#encodeBytes(ImageFile, byte[], EncodeSink)}).
     */
    static Row encodeInMemory(HashEncoder encoder, String spec, Row r, String rel, Configuration conf) {
        Path src = new Path(r.getString(3));
        byte[] data;
        try (InputStream in = src.getFileSystem(conf).open(src)) {
            data = in.readAllBytes();
        } catch (IOException | RuntimeException e) {
            return skipRow(r, rel, spec, "unreadable file: " + oneLine(e));
        }
        ImageFile f = new ImageFile(new Dataset(r.getString(0), Paths.get(new Path(r.getString(2)).toUri().getPath())),
                rel, r.getLong(4), r.getLong(5));
        Object[] result = new Object[1];
        encoder.encodeBytes(f, data, new EncodeSink() {
            @Override
            public void encoded(EncodedImage image) {
                result[0] = image;
            }

            @Override
            public void skipped(SkippedFile skipped) {
                result[0] = skipped.reason();
            }
        });
        return result[0] instanceof EncodedImage e ? encodedRow(r, rel, spec, e) : skipRow(r, rel, spec, (String) result[0]);
    }

    /**
     * Runs the encoder on one batch; results keyed by {@link ImageFile#key()} (an {@link EncodedImage} or a skip reason).
     * An encoder that throws for a batch (a defect, not a bad file) is retried file by file so that only the
     * file that triggers it is skipped; {@link EncoderException} (the encoder cannot work at all) fails the task.
     */
    static Map<String, Object> runEncoder(Encoder encoder, List<ImageFile> files) {
        Map<String, Object> results = new ConcurrentHashMap<>();
        EncodeSink sink = new EncodeSink() {
            @Override
            public void encoded(EncodedImage image) {
                results.put(image.file().key(), image);
            }

            @Override
            public void skipped(SkippedFile skipped) {
                results.put(skipped.key(), skipped.reason());
            }
        };
        if (files.isEmpty()) {
            return results;
        }
        try {
            encoder.encode(files, sink, Progress.NONE);
        } catch (EncoderException e) {
            throw e;
        } catch (RuntimeException batchFailure) {
            results.clear();
            for (ImageFile f : files) {
                try {
                    encoder.encode(List.of(f), sink, Progress.NONE);
                } catch (EncoderException e) {
                    throw e;
                } catch (RuntimeException e) {
                    results.put(f.key(), "encoder error: " + oneLine(e));
                }
            }
        }
        return results;
    }


    static String relative(String root, String file) {
        String prefix = root.endsWith("/") ? root : root + "/";
        return file.startsWith(prefix) ? file.substring(prefix.length()) : file;
    }

    static Row skipRow(Row r, String rel, String spec, String reason) {
        return RowFactory.create(r.getString(0), r.getInt(1), r.getString(2), rel, r.getLong(4), r.getLong(5), 0, 0,
                spec, null, null, null, null, reason);
    }

    static Row encodedRow(Row r, String rel, String spec, EncodedImage e) {
        Integer bits = null;
        long[] hash = null;
        float[] vector = null;
        List<long[]> variants = null;
        if (e.fingerprint() instanceof BitHash h) {
            bits = h.bits();
            hash = h.words().clone();
            variants = new ArrayList<>();
            for (Fingerprint v : e.variants()) {
                variants.add(((BitHash) v).words().clone());
            }
        } else {
            vector = ((Embedding) e.fingerprint()).vector().clone();
        }
        return RowFactory.create(r.getString(0), r.getInt(1), r.getString(2), rel, r.getLong(4), r.getLong(5),
                e.width(), e.height(), spec, bits, hash == null ? null : boxed(hash),
                vector == null ? null : boxed(vector),
                variants == null ? null : variants.stream().map(SparkEncode::boxed).toArray(Long[][]::new), null);
    }

    static Long[] boxed(long[] a) {
        Long[] out = new Long[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i];
        }
        return out;
    }

    static Float[] boxed(float[] a) {
        Float[] out = new Float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i];
        }
        return out;
    }

    /** Reads a fingerprint back from an encodings row. */
    public static Fingerprint fingerprint(Row row) {
        int hashIdx = row.fieldIndex("hash");
        if (!row.isNullAt(hashIdx)) {
            List<Long> words = row.getList(hashIdx);
            long[] w = new long[words.size()];
            for (int i = 0; i < w.length; i++) {
                w[i] = words.get(i);
            }
            return BitHash.of(w, row.getInt(row.fieldIndex("bits")));
        }
        List<Float> v = row.getList(row.fieldIndex("vector"));
        float[] f = new float[v.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = v.get(i);
        }
        return Embedding.of(f);
    }

    /** The spec of an encodings row. */
    public static EncoderSpec spec(Row row) {
        return SpecJson.read(row.getString(row.fieldIndex("spec")));
    }

    private static String extensionOf(String rel) {
        int dot = rel.lastIndexOf('.');
        return dot > rel.lastIndexOf('/') ? rel.substring(dot).toLowerCase(Locale.ROOT) : "";
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            m = e.getClass().getSimpleName();
        }
        return m.replaceAll("\\s+", " ").strip();
    }

    static void deleteQuietly(java.nio.file.Path p) {
        try {
            if (Files.isDirectory(p)) {
                try (var s = Files.list(p)) {
                    s.forEach(SparkEncode::deleteQuietly);
                }
            }
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // A leftover temporary file must not fail the task; the OS cleans its temp folder.
        }
    }
}
