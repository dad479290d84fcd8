package doppel.spark;

import doppel.dataset.Dataset;
import doppel.dataset.ImageFile;
import doppel.encode.BitHash;
import doppel.encode.EncodedImage;
import doppel.encode.EncoderSpec;
import doppel.encode.Fingerprint;
import doppel.dataset.SkippedFile;
import doppel.encodings.Encodings;
import doppel.encodings.EncodingsIO;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Converts Parquet encodings into Doppel's JSON encodings file ({@link EncodingsIO}), so the CLI
 * ({@code doppel find --encodings ...}) can continue from a Spark encode. The rows pass through the driver,
 * one partition at a time; the {@link Encodings} object itself is held in memory (about 200 bytes per image).
 */
public final class EncodingsExport {
    private EncodingsExport() {
    }

    /** Reads {@code parquet} and writes {@code out}; returns the number of images and skipped files. */
    public static long[] export(SparkSession spark, String parquet, Path out) {
        Encodings enc = collect(spark.read().parquet(parquet).sort("dataset_rank", "path").toLocalIterator());
        EncodingsIO.write(enc, out);
        return new long[] {enc.images().size(), enc.skipped().size()};
    }

    /** Builds the {@link Encodings} of encodings rows ({@link EncodingsSchema}); roots become local paths. */
    public static Encodings collect(Iterator<Row> rows) {
        Map<String, Dataset> datasets = new LinkedHashMap<>();
        List<EncodedImage> images = new ArrayList<>();
        List<SkippedFile> skipped = new ArrayList<>();
        EncoderSpec spec = null;
        while (rows.hasNext()) {
            Row r = rows.next();
            String name = r.getString(r.fieldIndex("dataset"));
            String root = FindOutputs.localRoot(r.getString(r.fieldIndex("root")));
            Dataset ds = datasets.computeIfAbsent(name, n -> new Dataset(n, Path.of(root)));
            String path = r.getString(r.fieldIndex("path"));
            if (!r.isNullAt(r.fieldIndex("skip_reason"))) {
                skipped.add(new SkippedFile(name, path, r.getString(r.fieldIndex("skip_reason"))));
                continue;
            }
            EncoderSpec rowSpec = SparkEncode.spec(r);
            if (spec == null) {
                spec = rowSpec;
            } else if (spec.incompatibilityWith(rowSpec) != null) {
                throw new IllegalArgumentException("the encodings mix encoders: " + spec.incompatibilityWith(rowSpec));
            }
            Fingerprint fp = SparkEncode.fingerprint(r);
            List<Fingerprint> variants = new ArrayList<>();
            int vi = r.fieldIndex("variants");
            if (!r.isNullAt(vi) && fp instanceof BitHash h) {
                for (Object v : r.getList(vi)) {
                    variants.add(BitHash.of(SparkFind.words(scala.jdk.javaapi.CollectionConverters.asJava(
                            (scala.collection.Seq<Long>) v)), h.bits()));
                }
            }
            ImageFile f = new ImageFile(ds, path, r.getLong(r.fieldIndex("size")), r.getLong(r.fieldIndex("mtime")));
            images.add(new EncodedImage(f, fp, variants, r.getInt(r.fieldIndex("width")), r.getInt(r.fieldIndex("height"))));
        }
        if (spec == null) {
            throw new IllegalArgumentException("the encodings hold no encoded image");
        }
        return new Encodings(spec, new ArrayList<>(datasets.values()), images, skipped);
    }
}
