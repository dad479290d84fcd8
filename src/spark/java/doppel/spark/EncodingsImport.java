package doppel.spark;

import doppel.encode.EncodedImage;
import doppel.encode.EncoderSpec;
import doppel.dataset.SkippedFile;
import doppel.encodings.Encodings;
import doppel.encodings.EncodingsIO;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Reads JSON encodings on the driver with the CLI's own reader ({@link EncodingsIO}: Doppel's encodings files and
 * imagededup's {@code {"file": "hexhash"}} maps) and hands them to Spark as Parquet-encodings rows
 * ({@link EncodingsSchema}), so users who encoded with the CLI or imagededup scale out without encoding again.
 * The driver holds the file once (about 300 bytes per image), the rows are then spread over the cluster.
 */
public final class EncodingsImport {
    private EncodingsImport() {
    }

    /** True for inputs read by this class rather than as Parquet: names ending in ".json". */
    public static boolean isJson(String input) {
        return input.toLowerCase(Locale.ROOT).endsWith(".json");
    }

    /**
     * The encodings of a local JSON file as rows of {@link EncodingsSchema}.
     *
     * @param hint what an imagededup map (which records no encoder) holds, e.g. phash; null for "unknown"
     */
    public static Dataset<Row> read(SparkSession spark, Path json, EncoderSpec hint) {
        Encodings enc = EncodingsIO.read(json, hint);
        String spec = SpecJson.write(enc.spec());
        Map<String, Row> listing = new HashMap<>();
        for (int i = 0; i < enc.datasets().size(); i++) {
            doppel.dataset.Dataset ds = enc.datasets().get(i);
            listing.put(ds.name(), RowFactory.create(ds.name(), i, rootUri(ds)));
        }
        List<Row> rows = new ArrayList<>(enc.images().size() + enc.skipped().size());
        for (EncodedImage img : enc.images()) {
            rows.add(SparkEncode.encodedRow(file(listing.get(img.file().dataset().name()), img.file().size(),
                    img.file().mtimeMillis()), img.file().relativePath(), spec, img));
        }
        for (SkippedFile s : enc.skipped()) {
            rows.add(SparkEncode.skipRow(file(listing.get(s.dataset()), -1, -1), s.relativePath(), spec, s.reason()));
        }
        // a local relation: Spark converts the rows to its compact binary form on the driver (parallelising the
        // Row objects themselves would Java-serialise every boxed field, minutes for a million rows)
        return spark.createDataFrame(rows, EncodingsSchema.SCHEMA);
    }

    /** A dataset's root as the {@code root} column holds it: a Hadoop URI without a trailing "/". */
    static String rootUri(doppel.dataset.Dataset ds) {
        String root = new org.apache.hadoop.fs.Path(ds.root().toAbsolutePath().toUri()).toString();
        return root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    }

    /** A listing row as {@link SparkEncode} builds its rows from: dataset, rank, root, (file), size, mtime. */
    private static Row file(Row dataset, long size, long mtime) {
        return RowFactory.create(dataset.getString(0), dataset.getInt(1), dataset.getString(2), null, size, mtime);
    }
}
