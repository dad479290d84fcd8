package doppel.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** How many tasks an encode run merges Spark's split of the listing into ({@link SparkEncode#tasksFor}). */
class SparkEncodeTasksTest {
    @Test
    void mergesSmallSplitsIntoOneRoundOfTasksPerCore() {
        // 177 small photos: Spark splits them into 6 tasks of ~30; one task per core is enough
        assertEquals(2, SparkEncode.tasksFor(177, 6, 2));
        // 1,062 photos: ~512 per task would be 3, which on 2 cores runs the third alone; 4 keeps both busy
        assertEquals(4, SparkEncode.tasksFor(1062, 35, 2));
        // 1M photos on 8 cores: 245 rounds of 8 tasks of ~510 files, instead of Spark's 32,000 tasks of ~30
        assertEquals(1960, SparkEncode.tasksFor(1_000_000, 32_000, 8));
    }

    @Test
    void neverSplitsFurtherThanSpark() {
        assertEquals(1, SparkEncode.tasksFor(10, 1, 4));
        assertEquals(3, SparkEncode.tasksFor(100, 3, 8));
    }
}
