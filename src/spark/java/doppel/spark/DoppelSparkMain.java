package doppel.spark;

import doppel.cli.EncoderConverter;
import doppel.cli.KeepPolicyConverter;
import doppel.cli.OneLineErrors;
import doppel.encode.EncoderRegistry;
import doppel.encode.EncoderSpec;
import doppel.search.KeepPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code doppel-spark}: the Spark jobs as a command line, for spark-submit ({@code --class doppel.spark.DoppelSparkMain})
 * or scripts/doppel-spark (local mode). Subcommands: encode, find, export.
 */
@Command(name = "doppel-spark", mixinStandardHelpOptions = true,
        subcommands = {DoppelSparkMain.Encode.class, DoppelSparkMain.Find.class, DoppelSparkMain.Export.class},
        description = "Doppel on Apache Spark: encode images to Parquet, find exact near-duplicates at scale.")
public final class DoppelSparkMain implements Callable<Integer> {
    @Option(names = "--master", description = "Spark master, e.g. local[2] or yarn (default: spark-submit's, else local[*])")
    String master;

    @Option(names = "--shuffle-partitions", description = "spark.sql.shuffle.partitions (default: Spark's)")
    int shufflePartitions;

    /** Entry point; exits with 0 on success, 1 on an error or bad usage (one or two lines on stderr), 2 without a subcommand. */
    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new DoppelSparkMain());
        // one line per error, as the doppel command line: never the whole usage for a misspelled option
        cl.setExecutionExceptionHandler(new OneLineErrors());
        cl.setParameterExceptionHandler(new OneLineErrors());
        System.exit(cl.execute(args));
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 2;
    }

    SparkSession session() {
        String m = master != null ? master : System.getProperty("spark.master") == null ? "local[*]" : null;
        return LocalSpark.session(m, shufflePartitions);
    }

    /** {@code encode}: images to Parquet encodings (and optionally the JSON encodings file). */
    @Command(name = "encode", mixinStandardHelpOptions = true, description = "Encode images into Parquet encodings.")
    static final class Encode implements Callable<Integer> {
        @CommandLine.ParentCommand
        DoppelSparkMain parent;

        @Option(names = {"-d", "--dataset"}, required = true, paramLabel = "NAME=PATH",
                description = "a dataset (any Hadoop path); repeat, in precedence order")
        List<String> datasets = new ArrayList<>();

        @Option(names = {"-e", "--encoder"}, defaultValue = EncoderRegistry.DEFAULT_NAME, converter = EncoderConverter.class,
                completionCandidates = EncoderConverter.class,
                description = "one of ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}); embeddings (cnn, clip) need --model")
        EncoderRegistry.Entry encoder;

        @Option(names = "--model", description = "cnn/clip: local TorchScript model (.pt, spec JSON beside it), same path on every executor")
        String model;

        @Option(names = "--device", defaultValue = "auto", description = "cnn/clip: auto, cpu or gpu (one GPU per executor)")
        String device;

        @Option(names = "--batch-size", defaultValue = "" + doppel.encode.cnn.CnnOptions.DEFAULT_BATCH,
                description = "cnn/clip: images per engine call")
        int batchSize;

        @Option(names = "--hash-size", defaultValue = "8", description = "N (NxN bits) or WxH")
        String hashSize;

        @Option(names = "--compat-imagededup", description = "reproduce imagededup's hash values")
        boolean compat;

        @Option(names = "--max-pixels", defaultValue = "0", description = "pixel limit (default: PIL's)")
        long maxPixels;

        @Option(names = "--partitions", defaultValue = "0",
                description = "tasks for encoding, by a shuffle (default: Spark's split of the listing merged to"
                        + " about 512 files per task, a multiple of the cores)")
        int partitions;

        @Option(names = {"-o", "--out"}, required = true, description = "output Parquet path")
        String out;

        @Option(names = "--json", description = "also write Doppel's JSON encodings file (local path) for the CLI")
        Path json;

        @Option(names = "--overwrite", description = "replace an existing output")
        boolean overwrite;

        @Override
        public Integer call() {
            List<SparkEncode.Input> inputs = datasets.stream().map(SparkEncode.Input::parse).toList();
            if (inputs.stream().map(SparkEncode.Input::name).distinct().count() != inputs.size()) {
                throw new IllegalArgumentException("dataset names must be unique: " + inputs);
            }
            EncoderFactory factory = factory();
            SparkSession spark = parent.session();
            long t0 = System.nanoTime();
            SparkEncode.Summary s = SparkEncode.encodeToParquet(spark, inputs, factory,
                    new SparkEncode.Options(partitions, Integer.MAX_VALUE - 64L, overwrite), out);
            System.out.printf("encoded %d images, skipped %d, in %.1f s -> %s%n  %s%n", s.encoded(), s.skipped(),
                    (System.nanoTime() - t0) / 1e9, out, s.phases().describe());
            if (json != null) {
                EncodingsExport.export(spark, out, json);
                System.out.println("JSON encodings -> " + json);
            }
            return 0;
        }

        private EncoderFactory factory() {
            String name = encoder.name();
            if (encoder.kind() != EncoderRegistry.Kind.EMBEDDING) {
                return new HashEncoderFactory(name, hashSize, compat, false, maxPixels);
            }
            if (model == null) {
                throw new IllegalArgumentException("--encoder " + name + " needs --model FILE.pt (local on every executor)");
            }
            return new CnnEncoderFactory(name, model, device, batchSize, maxPixels);
        }
    }

    /** {@code find}: exact Hamming pairs, groups, duplicates map and removal plan. */
    @Command(name = "find", mixinStandardHelpOptions = true, description = "Find duplicates in Parquet encodings.")
    static final class Find implements Callable<Integer> {
        @CommandLine.ParentCommand
        DoppelSparkMain parent;

        @Parameters(arity = "1..*", paramLabel = "ENCODINGS",
                description = "Parquet encodings, or JSON (names ending in .json: Doppel's encodings file or imagededup's "
                        + "{\"file\": \"hexhash\"} map, read on the driver); earlier ones first in dataset order")
        List<String> encodings;

        @Option(names = {"-e", "--encoder"}, converter = EncoderConverter.class,
                completionCandidates = EncoderConverter.class,
                description = "the encoder an imagededup map was made with (${COMPLETION-CANDIDATES}; such maps do not record it)")
        EncoderRegistry.Entry encoder;

        @Option(names = {"-t", "--threshold"},
                description = "largest Hamming distance (hashes, default per encoder as in the CLI) or smallest cosine similarity (embeddings, default 0.9)")
        Double threshold;

        @Option(names = "--cross-only", description = "only pairs across datasets")
        boolean crossOnly;

        @Option(names = "--keep", defaultValue = "first-dir", converter = KeepPolicyConverter.class,
                completionCandidates = KeepPolicyConverter.class, description = "${COMPLETION-CANDIDATES}")
        KeepPolicy keep;

        @Option(names = "--order", split = ",", description = "dataset precedence, e.g. a,b (default: encode order)")
        List<String> order = new ArrayList<>();

        @Option(names = "--bands", defaultValue = "0",
                description = "hashes: bands of the join (default: chosen by cost); embeddings: vectors per block (default 2048)")
        int bands;

        @Option(names = "--shards", defaultValue = "0",
                description = "64-bit hashes: split the distinct values into N shards searched pairwise (N(N+1)/2 tasks, "
                        + "each holding 2/N of the values); 1 broadcasts the whole index to every executor; "
                        + "default: 1 up to 200M distinct values, above that shards of at most 16M")
        int shards;

        @Option(names = {"-o", "--out"}, required = true, description = "output folder (Hadoop path) for pairs/ and groups/ Parquet")
        String out;

        @Option(names = "--json", description = "imagededup duplicates map (local file)")
        Path json;

        @Option(names = "--plan", description = "removal plan for 'doppel apply' (local JSON-lines file)")
        Path plan;

        @Override
        public Integer call() {
            KeepPolicy policy = keep;
            SparkSession spark = parent.session();
            EncoderSpec hint = encoder == null ? null
                    : new EncoderSpec(encoder.name(), encoder.metric(), 0, java.util.Map.of(), java.util.Map.of());
            LongAccumulator candidates = spark.sparkContext().longAccumulator("candidates");
            long t0 = System.nanoTime();
            SparkFind.Options requested = new SparkFind.Options(threshold == null ? Double.NaN : threshold, crossOnly,
                    policy, order, bands, shards);
            if (DriverInputFind.applies(encodings, requested)) {
                DriverInputFind.Result r = DriverInputFind.find(spark, Path.of(encodings.get(0)), hint, requested);
                if (r != null) {
                    writeDriverOutputs(r, policy, t0);
                    return 0;
                }
            }
            SparkFind.Search s = SparkFind.search(spark, encodings, hint, requested, candidates);
            SparkFind.Options options = s.options();
            double t = options.threshold();
            Dataset<Row> pairs = s.pairs().persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
            long nPairs = pairs.count();
            List<String> roots = SparkFind.roots(s);
            boolean cosine = s.spec().metric() == EncoderSpec.Metric.COSINE;
            Dataset<Row> groups;
            if (nPairs <= SparkFind.DRIVER_PAIRS) {
                // few enough pairs for the driver: group them there with the CLI's own code, no shuffles
                List<Row> local = pairs.collectAsList();
                SparkFind.DriverGroups found = SparkFind.groupsOnDriver(s.images(), local, s.spec(), s.datasets(),
                        roots, options);
                groups = found.groups();
                java.util.Map<Long, String> keys = found.keys();
                SparkFind.namedPairs(spark, local, keys, pairs.schema()).write().mode(SaveMode.Overwrite)
                        .parquet(out + "/pairs");
                if (json != null) {
                    FindOutputs.writeDuplicatesJson(s.images(), local, cosine, keys, json);
                }
            } else {
                SparkFind.namedPairs(s.images(), pairs).write().mode(SaveMode.Overwrite).parquet(out + "/pairs");
                groups = SparkFind.groups(s.images(), pairs, SparkFind.components(pairs), s.spec(),
                        s.datasets(), roots, options).persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
                if (json != null) {
                    FindOutputs.writeDuplicatesJson(s.images(), pairs, json);
                }
            }
            groups.write().mode(SaveMode.Overwrite).parquet(out + "/groups");
            long removed = groups.filter("not kept").count();
            System.out.printf("%s: %d pairs within %s (%s), %d files to remove, in %.1f s -> %s%n",
                    s.spec().describe(), nPairs, cosine ? "similarity " + t : "distance " + (int) t,
                    s.join() + (candidates.value() > 0 ? ", " + candidates.value() + " candidates" : ""), removed,
                    (System.nanoTime() - t0) / 1e9, out);
            if (json != null) {
                System.out.println("duplicates map -> " + json);
            }
            if (plan != null) {
                FindOutputs.writePlan(groups, s.spec(), policy, t, crossOnly, s.datasets(), roots, plan);
                System.out.println("removal plan -> " + plan + " (run: doppel apply " + plan + ")");
            }
            return 0;
        }

        /** The outputs of {@link DriverInputFind}: Parquet pairs and groups, then the map and plan, as above. */
        private void writeDriverOutputs(DriverInputFind.Result r, KeepPolicy policy, long t0) {
            long w0 = System.nanoTime();
            r.pairs().write().mode(SaveMode.Overwrite).parquet(out + "/pairs");
            Dataset<Row> groups = r.groups().persist(org.apache.spark.storage.StorageLevel.MEMORY_ONLY());
            groups.write().mode(SaveMode.Overwrite).parquet(out + "/groups");
            long removed = groups.filter("not kept").count();
            if (json != null) {
                FindOutputs.writeDuplicatesJson(r.map(), json);
            }
            double t = r.options().threshold();
            System.out.printf("%s: %d pairs within distance %d (%s, write %.1f s), %d files to remove, in %.1f s -> %s%n",
                    r.spec().describe(), r.nPairs(), (int) t, r.join(), (System.nanoTime() - w0) / 1e9, removed,
                    (System.nanoTime() - t0) / 1e9, out);
            if (json != null) {
                System.out.println("duplicates map -> " + json);
            }
            if (plan != null) {
                FindOutputs.writePlan(groups, r.spec(), policy, t, crossOnly, r.datasets(), r.roots(), plan);
                System.out.println("removal plan -> " + plan + " (run: doppel apply " + plan + ")");
            }
        }
    }

    /** {@code export}: Parquet encodings to Doppel's JSON encodings file. */
    @Command(name = "export", mixinStandardHelpOptions = true, description = "Write Parquet encodings as Doppel JSON encodings.")
    static final class Export implements Callable<Integer> {
        @CommandLine.ParentCommand
        DoppelSparkMain parent;

        @Parameters(index = "0", paramLabel = "ENCODINGS", description = "Parquet encodings")
        String encodings;

        @Option(names = {"-o", "--out"}, required = true, description = "JSON encodings file (local)")
        Path out;

        @Override
        public Integer call() {
            long[] n = EncodingsExport.export(parent.session(), encodings, out);
            System.out.printf("%d images, %d skipped -> %s%n", n[0], n[1], out);
            return 0;
        }
    }
}
