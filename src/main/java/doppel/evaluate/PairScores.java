package doppel.evaluate;

/**
 * Precision, recall and F1 over unordered duplicate pairs.
 *
 * <p>Conventions for empty cases, so that tables never show NaN: with no predicted pair precision is 1 (no
 * false claim was made); with no true pair recall is 1 (nothing was missed); F1 is 0 when precision and
 * recall are both 0.
 *
 * @param truePositives  predicted pairs that are true duplicates
 * @param falsePositives predicted pairs that are not
 * @param falseNegatives true pairs that were not predicted
 */
public record PairScores(long truePositives, long falsePositives, long falseNegatives) {

    /** Number of predicted pairs. */
    public long predicted() {
        return truePositives + falsePositives;
    }

    /** Number of true pairs. */
    public long truth() {
        return truePositives + falseNegatives;
    }

    /** TP / (TP + FP). */
    public double precision() {
        return predicted() == 0 ? 1.0 : (double) truePositives / predicted();
    }

    /** TP / (TP + FN). */
    public double recall() {
        return truth() == 0 ? 1.0 : (double) truePositives / truth();
    }

    /** Harmonic mean of precision and recall. */
    public double f1() {
        double p = precision();
        double r = recall();
        return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
    }
}
