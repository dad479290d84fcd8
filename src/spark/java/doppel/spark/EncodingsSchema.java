package doppel.spark;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Columns of the Parquet encodings that {@link SparkEncode} writes and {@link SparkFind} reads. One row per
 * file; a file that could not be encoded has {@code skip_reason} set and no fingerprint.
 *
 * <ul>
 *   <li>{@code dataset} (string), {@code dataset_rank} (int, position of the dataset on the command line),
 *       {@code root} (string, the dataset root as a qualified Hadoop URI), {@code path} (string, relative to
 *       the root, '/'-separated)</li>
 *   <li>{@code size} (long, bytes), {@code mtime} (long, ms since the epoch), {@code width}, {@code height}
 *       (int, 0 when unknown)</li>
 *   <li>{@code spec} (string): the encoder spec as JSON ({@link SpecJson})</li>
 *   <li>{@code bits} (int) and {@code hash} (array&lt;long&gt;, most significant bit first, like
 *       {@link doppel.encode.BitHash#words()}) for hashes and digests; {@code vector} (array&lt;float&gt;) for
 *       embeddings; {@code variants} (array&lt;array&lt;long&gt;&gt;, dihedral variants of a hash, may be empty)</li>
 *   <li>{@code skip_reason} (string): null for an encoded file, else the one-line reason</li>
 * </ul>
 */
public final class EncodingsSchema {
    /** The schema of an encodings Parquet dataset. */
    public static final StructType SCHEMA = new StructType()
            .add("dataset", DataTypes.StringType, false)
            .add("dataset_rank", DataTypes.IntegerType, false)
            .add("root", DataTypes.StringType, false)
            .add("path", DataTypes.StringType, false)
            .add("size", DataTypes.LongType, false)
            .add("mtime", DataTypes.LongType, false)
            .add("width", DataTypes.IntegerType, false)
            .add("height", DataTypes.IntegerType, false)
            .add("spec", DataTypes.StringType, true)
            .add("bits", DataTypes.IntegerType, true)
            .add("hash", DataTypes.createArrayType(DataTypes.LongType, false), true)
            .add("vector", DataTypes.createArrayType(DataTypes.FloatType, false), true)
            .add("variants", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.LongType, false), false), true)
            .add("skip_reason", DataTypes.StringType, true);

    private EncodingsSchema() {
    }
}
