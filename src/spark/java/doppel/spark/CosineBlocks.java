package doppel.spark;

import doppel.search.CosineKernel;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple2;

/**
 * Exact cosine-similarity join of embeddings on Spark: a blocked all-pairs product that never builds the N x N
 * matrix. Images are cut into blocks by id (one block per partition), the block pairs {@code i <= j} come from
 * a cartesian product of the blocks, and each block pair is one task that multiplies the two blocks of
 * L2-normalised vectors.
 *
 * <p>Exactness is {@link doppel.search.CosineSearch}'s: the float products only filter, at {@code threshold}
 * minus a margin larger than the float rounding error of a dot product of unit vectors; every candidate is then
 * re-scored in double with the formula of {@link doppel.encode.Embedding#cosine}, and that double decides and is
 * reported. Both use {@link CosineKernel}, so Spark's pairs and scores are identical to the CLI's, ties at the
 * threshold included.
 */
final class CosineBlocks {
    /** Candidates per transposed tile. */
    private static final int TILE = CosineKernel.TILE;

    private CosineBlocks() {
    }

    /**
     * One image's vector as a primitive array: what is shuffled into the blocks (Java serialisation of a
     * {@code float[]} is one bulk copy; of a Row's boxed floats it is one object per element, many times slower).
     */
    record Vec(long id, int ds, float[] vector) implements Serializable {
        static Vec of(Row r) {
            if (r.isNullAt(2)) {
                throw new IllegalArgumentException("image " + r.getLong(0) + " has no embedding vector");
            }
            List<Float> v = r.getList(2);
            float[] f = new float[v.size()];
            for (int k = 0; k < f.length; k++) {
                f[k] = v.get(k);
            }
            return new Vec(r.getLong(0), r.getInt(1), f);
        }
    }

    /** The vectors of one block: ids, datasets, the raw vectors and their squared norms in double. */
    record Block(int index, long[] ids, int[] ds, float[][] vectors, double[] squares) implements Serializable {
        static Block of(int index, Iterable<Vec> rows) {
            List<Vec> list = new ArrayList<>();
            rows.forEach(list::add);
            list.sort((x, y) -> Long.compare(x.id(), y.id()));
            long[] ids = new long[list.size()];
            int[] ds = new int[list.size()];
            float[][] vectors = new float[list.size()][];
            double[] squares = new double[list.size()];
            for (int i = 0; i < ids.length; i++) {
                Vec r = list.get(i);
                ids[i] = r.id();
                ds[i] = r.ds();
                vectors[i] = r.vector();
                squares[i] = CosineKernel.squaredNorm(r.vector());
            }
            return new Block(index, ids, ds, vectors, squares);
        }
    }

    /**
     * Every pair with similarity {@code >= threshold}, once, as {@link SparkFind#COSINE_PAIRS} rows.
     *
     * @param images     rows with at least {@code id} (0..n-1), {@code ds} and {@code vector}
     * @param blockSize  vectors per block
     * @param candidates counts the pairs that passed the float filter, or null
     */
    static JavaRDD<Row> pairs(Dataset<Row> images, double threshold, boolean crossOnly, int blockSize,
                              LongAccumulator candidates) {
        if (blockSize < 1) {
            throw new IllegalArgumentException("block size must be at least 1, not " + blockSize);
        }
        long n = images.count();
        int blocks = (int) Math.max(1, (n + blockSize - 1) / blockSize);
        // keys 0..blocks-1 under a HashPartitioner of `blocks` partitions: exactly one block per partition,
        // so each partition of the cartesian product is one block pair
        JavaRDD<Block> byBlock = images.select("id", "ds", "vector").javaRDD()
                .mapToPair(r -> new Tuple2<>((int) (r.getLong(0) / blockSize), Vec.of(r)))
                .groupByKey(new HashPartitioner(blocks))
                .map(t -> Block.of(t._1(), t._2()));
        return byBlock.cartesian(byBlock)
                .filter(p -> p._1().index() <= p._2().index())
                .flatMap(p -> join(p._1(), p._2(), threshold, crossOnly, candidates).iterator());
    }

    /** The qualifying pairs between two blocks ({@code x.index() <= y.index()}; within one block when equal). */
    static List<Row> join(Block x, Block y, double threshold, boolean crossOnly, LongAccumulator candidates) {
        List<Row> out = new ArrayList<>();
        if (x.ids().length == 0 || y.ids().length == 0) {
            return out;
        }
        int dim = x.vectors()[0].length;
        checkDimensions(x, dim);
        checkDimensions(y, dim);
        boolean same = x.index() == y.index();
        float filter = CosineKernel.filter(threshold, dim);
        float[][] queries = new float[x.ids().length][];
        for (int i = 0; i < queries.length; i++) {
            queries[i] = CosineKernel.normalised(x.vectors()[i]);
        }
        float[][] tile = new float[dim][TILE];
        float[][] acc = new float[4][TILE];
        long passed = 0;
        int m = y.ids().length;
        for (int t0 = 0; t0 < m; t0 += TILE) {
            int width = Math.min(TILE, m - t0);
            for (float[] row : tile) {
                Arrays.fill(row, 0f);
            }
            for (int c = 0; c < width; c++) {
                float[] v = CosineKernel.normalised(y.vectors()[t0 + c]);
                for (int k = 0; k < dim; k++) {
                    tile[k][c] = v[k];
                }
            }
            // within one block only pairs (i, j > i): queries at or past the tile's last candidate have none
            int qEnd = same ? Math.min(queries.length, t0 + width - 1) : queries.length;
            for (int g = 0; g < qEnd; g += 4) {
                int rows = Math.min(4, qEnd - g);
                CosineKernel.block(queries, g, rows, tile, acc);
                for (int r = 0; r < rows; r++) {
                    int i = g + r;
                    float[] a = acc[r];
                    for (int c = same ? Math.max(0, i + 1 - t0) : 0; c < width; c++) {
                        if (a[c] < filter) {
                            continue;
                        }
                        passed++;
                        int j = t0 + c;
                        if (crossOnly && x.ds()[i] == y.ds()[j]) {
                            continue;
                        }
                        double s = CosineKernel.cosine(x.vectors()[i], x.squares()[i], y.vectors()[j],
                                y.squares()[j]);
                        if (s >= threshold) {
                            long p = x.ids()[i];
                            long q = y.ids()[j];
                            out.add(RowFactory.create(Math.min(p, q), Math.max(p, q), s));
                        }
                    }
                }
            }
        }
        if (candidates != null) {
            candidates.add(passed);
        }
        return out;
    }

    private static void checkDimensions(Block b, int dim) {
        for (int i = 0; i < b.vectors().length; i++) {
            if (b.vectors()[i].length != dim) {
                throw new IllegalArgumentException("cannot compare " + dim + "-d and " + b.vectors()[i].length
                        + "-d embeddings (image " + b.ids()[i] + ")");
            }
        }
    }
}
