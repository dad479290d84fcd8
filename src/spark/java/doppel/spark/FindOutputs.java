package doppel.spark;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import doppel.encode.EncoderSpec;
import doppel.search.KeepPolicy;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;

/**
 * Writes what {@link SparkFind} found to files on the driver: the imagededup duplicates map and the removal
 * plan for {@code doppel apply}. Both stream rows with {@code toLocalIterator}, so the driver holds one
 * partition at a time, and both are written to a temporary file that is renamed over the target at the end.
 */
public final class FindOutputs {
    /** Value of the plan header's "format" field. */
    public static final String PLAN_FORMAT = "doppel-plan";
    /** Plan format version. */
    public static final int PLAN_VERSION = 2;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private FindOutputs() {
    }

    /**
     * Writes imagededup's duplicates map: {@code {"dataset/path": ["dataset/path", ...], ...}} with every
     * searched image as a key (in dataset order, then path) and its pair partners as value, nearest first (smallest
     * distance, or highest similarity for {@link SparkFind#COSINE_PAIRS}), ties by key: the order of
     * {@link doppel.search.DuplicateMaps}.
     */
    public static void writeDuplicatesJson(Dataset<Row> images, Dataset<Row> pairs, Path file) {
        Dataset<Row> keys = images.select(col("id"), concat(col("dataset"), lit("/"), col("path")).as("key"));
        // sort key: distance ascending, or similarity descending
        Column near = pairs.columns()[2].equals("similarity") ? col("similarity").multiply(-1.0)
                : col(pairs.columns()[2]);
        Dataset<Row> both = pairs.select(col("a").as("src"), col("b").as("dst"), near.as("distance"))
                .union(pairs.select(col("b").as("src"), col("a").as("dst"), near.as("distance")));
        Dataset<Row> partnerKeys = keys.toDF("pid", "pkey");
        Dataset<Row> partners = both.join(partnerKeys, both.col("dst").equalTo(partnerKeys.col("pid")))
                .groupBy("src").agg(sort_array(collect_list(struct(col("distance"), col("pkey")))).as("partners"));
        Dataset<Row> rows = keys.join(partners, keys.col("id").equalTo(partners.col("src")), "left")
                .select("id", "key", "partners").sort("id");
        atomicWrite(file, out -> {
            try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
                g.setPrettyPrinter(new DefaultPrettyPrinter());
                g.writeStartObject();
                Iterator<Row> it = rows.toLocalIterator();
                while (it.hasNext()) {
                    Row r = it.next();
                    g.writeArrayFieldStart(r.getString(1));
                    if (!r.isNullAt(2)) {
                        for (Row p : r.<Row>getList(2)) {
                            g.writeString(p.getString(1));
                        }
                    }
                    g.writeEndArray();
                }
                g.writeEndObject();
            }
        });
    }

    /**
     * The same map as {@link #writeDuplicatesJson(Dataset, Dataset, Path)} from pairs collected on the driver: the
     * images are streamed in id order (the order {@link SparkFind#indexImages} numbered them in) and each gets its
     * partners from the pairs, so nothing is shuffled.
     *
     * @param pairs (a, b, score) rows; score is a distance, or a similarity when {@code similarity}
     * @param keys  "dataset/path" of every image in a pair
     */
    public static void writeDuplicatesJson(Dataset<Row> images, List<Row> pairs, boolean similarity,
                                           Map<Long, String> keys, Path file) {
        record Partner(double near, String key) {
        }
        Map<Long, List<Partner>> partners = new HashMap<>();
        for (Row p : pairs) {
            long a = p.getLong(0);
            long b = p.getLong(1);
            double score = ((Number) p.get(2)).doubleValue();
            double near = similarity ? -score : score;
            partners.computeIfAbsent(a, k -> new ArrayList<>()).add(new Partner(near, keys.get(b)));
            partners.computeIfAbsent(b, k -> new ArrayList<>()).add(new Partner(near, keys.get(a)));
        }
        Comparator<Partner> order = Comparator.comparingDouble(Partner::near).thenComparing(Partner::key);
        atomicWrite(file, out -> {
            try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
                g.setPrettyPrinter(new DefaultPrettyPrinter());
                g.writeStartObject();
                Iterator<Row> it = images.select("id", "dataset", "path").toLocalIterator();
                while (it.hasNext()) {
                    Row r = it.next();
                    g.writeArrayFieldStart(r.getString(1) + "/" + r.getString(2));
                    List<Partner> mine = partners.get(r.getLong(0));
                    if (mine != null) {
                        mine.sort(order);
                        for (Partner p : mine) {
                            g.writeString(p.key());
                        }
                    }
                    g.writeEndArray();
                }
                g.writeEndObject();
            }
        });
    }

    /** Writes a duplicates map built on the driver ({@link doppel.search.DuplicateMaps}) in the format above. */
    public static void writeDuplicatesJson(Map<String, List<String>> map, Path file) {
        atomicWrite(file, out -> {
            try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
                g.setPrettyPrinter(new DefaultPrettyPrinter());
                g.writeStartObject();
                for (Map.Entry<String, List<String>> e : map.entrySet()) {
                    g.writeArrayFieldStart(e.getKey());
                    for (String partner : e.getValue()) {
                        g.writeString(partner);
                    }
                    g.writeEndArray();
                }
                g.writeEndObject();
            }
        });
    }

    /**
     * Writes the removal plan (JSON lines): a header object, then one object per file to remove.
     *
     * <pre>{@code
     * {"format":"doppel-plan","version":2,"action":"remove","keep":"first-dir","threshold":10,"cross_only":false,
     *  "encoder":{...},"datasets":[{"name":"a","root":"/data/a"}],"groups":12,"files":15}
     * {"dataset":"a","root":"/data/a","path":"x/1.jpg","size":1234,"mtime":1700000000000,"sha256":"9f2c...",
     *  "group":0,"kept":"a/x/0.jpg","kept_size":2345,"kept_sha256":"01ab...","score":3}
     * }</pre>
     * {@code root} is a local path for {@code file:} roots, else the Hadoop URI; {@code size} and {@code mtime}
     * are the values at encoding time, so {@code apply} can refuse a file that changed since.
     *
     * @param groups       {@link SparkFind#groups} rows
     * @param datasetOrder dataset names in precedence order
     * @param roots        the root of each dataset of {@code datasetOrder}
     */
    public static void writePlan(Dataset<Row> groups, EncoderSpec spec, KeepPolicy keep, double threshold,
                                 boolean crossOnly, List<String> datasetOrder, List<String> roots, Path file) {
        Dataset<Row> kept = groups.filter(col("kept")).select(col("group").as("kgroup"),
                concat(col("dataset"), lit("/"), col("path")).as("kept_key"), col("root").as("kept_root"),
                col("path").as("kept_path"), col("size").as("kept_size"));
        Dataset<Row> removed = groups.filter(col("kept").equalTo(false))
                .join(kept, groups.col("group").equalTo(kept.col("kgroup")))
                .select("group", "id", "dataset", "root", "path", "size", "mtime", "kept_key", "kept_root", "kept_path",
                        "kept_size", "score")
                .sort("group", "id");
        org.apache.hadoop.conf.Configuration conf = groups.sparkSession().sparkContext().hadoopConfiguration();
        Map<String, String> keptDigests = new HashMap<>();
        long nGroups = kept.count();
        long nFiles = removed.count();
        ObjectNode header = MAPPER.createObjectNode();
        header.put("format", PLAN_FORMAT);
        header.put("version", PLAN_VERSION);
        header.put("action", "remove");
        header.put("keep", keep.cliName());
        if (spec.metric() == EncoderSpec.Metric.COSINE) {
            header.put("threshold", threshold);
        } else {
            header.put("threshold", (int) threshold);
        }
        header.put("cross_only", crossOnly);
        header.set("encoder", SpecJson.toNode(spec));
        ArrayNode ds = header.putArray("datasets");
        for (int i = 0; i < datasetOrder.size(); i++) {
            ds.addObject().put("name", datasetOrder.get(i)).put("root", localRoot(roots.get(i)));
        }
        header.put("groups", nGroups);
        header.put("files", nFiles);
        atomicWrite(file, out -> {
            try (BufferedWriter w = new BufferedWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8))) {
                w.write(MAPPER.writeValueAsString(header));
                w.newLine();
                Iterator<Row> it = removed.toLocalIterator();
                while (it.hasNext()) {
                    Row r = it.next();
                    ObjectNode line = MAPPER.createObjectNode();
                    line.put("dataset", r.getString(2));
                    line.put("root", localRoot(r.getString(3)));
                    line.put("path", r.getString(4));
                    line.put("size", r.getLong(5));
                    line.put("mtime", r.getLong(6));
                    line.put("sha256", sha256(conf, r.getString(3), r.getString(4)));
                    line.put("group", r.getLong(0));
                    line.put("kept", r.getString(7));
                    line.put("kept_size", r.getLong(10));
                    line.put("kept_sha256", keptDigests.computeIfAbsent(r.getString(7),
                            k -> sha256(conf, r.getString(8), r.getString(9))));
                    if (!Double.isNaN(r.getDouble(11))) {
                        line.put("score", spec.metric() == EncoderSpec.Metric.COSINE ? r.getDouble(11) : (int) r.getDouble(11));
                    }
                    w.write(MAPPER.writeValueAsString(line));
                    w.newLine();
                }
            }
        });
    }

    /**
     * The SHA-256 of {@code root/path} (any Hadoop file system) as lower-case hex, read when the plan is written:
     * the encodings do not record digests, so the plan pins the content found at planning time.
     */
    static String sha256(org.apache.hadoop.conf.Configuration conf, String root, String path) {
        org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(root + "/" + path);
        try (java.io.InputStream in = file.getFileSystem(conf).open(file)) {
            return doppel.io.Sha256.of(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot plan the removal: cannot read " + file + " for its SHA-256 ("
                    + SparkEncode.oneLine(e) + ")", e);
        }
    }

    /** "file:/a/b" becomes "/a/b"; other URIs stay as they are. */
    static String localRoot(String root) {
        return root.startsWith("file:") ? new org.apache.hadoop.fs.Path(root).toUri().getPath() : root;
    }

    /** Writes {@code file} as the CLI writes its outputs ({@link doppel.io.AtomicWrite}): whole or not at all. */
    static void atomicWrite(Path file, doppel.io.AtomicWrite.Body body) {
        try {
            doppel.io.AtomicWrite.write(file, body);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
