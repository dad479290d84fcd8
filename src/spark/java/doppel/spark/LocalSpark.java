package doppel.spark;

import org.apache.spark.sql.SparkSession;

/** Builds the SparkSession for local runs (tests, benchmarks, scripts/doppel-spark without a cluster). */
public final class LocalSpark {
    private LocalSpark() {
    }

    /**
     * A session on {@code master} bound to 127.0.0.1 with the UI off. Under spark-submit the master and
     * settings come from the submit command instead, and {@link #session} only picks up that context.
     *
     * @param master             e.g. {@code local[2]}, or null to take spark-submit's
     * @param shufflePartitions  {@code spark.sql.shuffle.partitions}, or 0 for Spark's default (200)
     */
    public static SparkSession session(String master, int shufflePartitions) {
        SparkSession.Builder b = SparkSession.builder().appName("doppel");
        if (master != null) {
            b.master(master)
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.ui.enabled", "false")
                    .config("spark.ui.showConsoleProgress", "false");
        }
        if (shufflePartitions > 0) {
            b.config("spark.sql.shuffle.partitions", String.valueOf(shufflePartitions));
        }
        return b.getOrCreate();
    }
}
