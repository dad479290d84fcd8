package doppel.spark;

import org.apache.spark.sql.SparkSession;

/** One local[2] session for all Spark test classes of the JVM: starting Spark takes about 3 s. */
final class SharedSpark {
    private static SparkSession session;

    private SharedSpark() {
    }

    static synchronized SparkSession get() {
        if (session == null) {
            session = LocalSpark.session("local[2]", 4);
        }
        return session;
    }
}
