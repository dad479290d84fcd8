package doppel.evaluate;

import doppel.encode.EncoderSpec;
import doppel.results.ImagePair;
import doppel.results.ResultsFile;
import doppel.results.ResultsIO;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Scores predicted duplicate pairs against a ground truth: precision, recall and F1 over unordered pairs,
 * overall and per class, and the same over a sweep of thresholds. Predicted keys are first matched to the
 * truth's keys with {@link GroundTruth#align}, so Doppel results ("dataset/path") can be scored against an
 * imagededup map (paths relative to the image directory) and the other way round.
 */
public final class Evaluation {
    private Evaluation() {
    }

    /** Scores the predicted pairs (in any key style {@link GroundTruth#align} understands). */
    public static Scores evaluate(Set<ImagePair> predicted, GroundTruth truth) {
        Set<ImagePair> aligned = align(predicted, truth);
        Map<String, long[]> perClass = new TreeMap<>();
        long tp = 0;
        long fp = 0;
        for (ImagePair p : aligned) {
            boolean hit = truth.pairs().contains(p);
            if (hit) {
                tp++;
            } else {
                fp++;
            }
            for (String c : classes(p, truth)) {
                perClass.computeIfAbsent(c, k -> new long[3])[hit ? 0 : 1]++;
            }
        }
        long fn = 0;
        for (ImagePair p : truth.pairs()) {
            if (!aligned.contains(p)) {
                fn++;
                for (String c : classes(p, truth)) {
                    perClass.computeIfAbsent(c, k -> new long[3])[2]++;
                }
            }
        }
        TreeMap<String, PairScores> classes = new TreeMap<>();
        perClass.forEach((c, n) -> classes.put(c, new PairScores(n[0], n[1], n[2])));
        return new Scores(new PairScores(tp, fp, fn), classes);
    }

    /**
     * Reads both files and scores the first against the second.
     *
     * @param predicted a Doppel results file or an imagededup duplicates map
     * @param truth     a Doppel results file or an imagededup duplicates map
     * @throws doppel.results.ResultsException when a file is missing or in neither format
     */
    public static Scores evaluate(Path predicted, Path truth) {
        return evaluate(new HashSet<>(ResultsIO.readPairs(predicted)), GroundTruth.read(truth));
    }

    /** Group metrics of the predicted pairs (see {@link GroupScores}). */
    public static GroupScores groups(Set<ImagePair> predicted, GroundTruth truth) {
        return GroupScores.of(align(predicted, truth), truth.pairs());
    }

    /** Reads both files and scores the groups of the first against those of the second. */
    public static GroupScores groups(Path predicted, Path truth) {
        return groups(new HashSet<>(ResultsIO.readPairs(predicted)), GroundTruth.read(truth));
    }

    private static Set<String> classes(ImagePair p, GroundTruth truth) {
        Set<String> s = new HashSet<>(2);
        s.add(truth.classOf(p.a()));
        s.add(truth.classOf(p.b()));
        return s;
    }

    private static Set<ImagePair> align(Set<ImagePair> predicted, GroundTruth truth) {
        Set<ImagePair> out = new HashSet<>(predicted.size() * 2);
        for (ImagePair p : predicted) {
            String a = truth.align(p.a());
            String b = truth.align(p.b());
            if (!a.equals(b)) {
                out.add(ImagePair.of(a, b));
            }
        }
        return out;
    }

    /**
     * One row of a threshold sweep.
     *
     * @param threshold the threshold
     * @param scores    scores of the pairs kept at this threshold
     * @param complete  false when the threshold is looser than the search's own, so pairs beyond the search's
     *                  threshold, which the results file cannot contain, are missing from the counts
     */
    public record SweepRow(double threshold, PairScores scores, boolean complete) {
    }

    /**
     * Scores the pairs of {@code results} at each threshold: a pair is kept when its score is at most the
     * threshold (Hamming distance) or at least the threshold (cosine similarity). Run the search once with a
     * loose threshold, then sweep stricter ones here.
     */
    public static List<SweepRow> sweep(ResultsFile results, GroundTruth truth, List<Double> thresholds) {
        boolean cosine = results.encoder().metric() == EncoderSpec.Metric.COSINE;
        Map<ImagePair, Double> best = new HashMap<>();
        for (ResultsFile.ScoredPair sp : results.pairs()) {
            String a = truth.align(sp.a());
            String b = truth.align(sp.b());
            if (!a.equals(b)) {
                best.merge(ImagePair.of(a, b), sp.score(), cosine ? Math::max : Math::min);
            }
        }
        long truePairs = truth.pairs().size();
        List<SweepRow> rows = new ArrayList<>(thresholds.size());
        for (double t : thresholds) {
            long tp = 0;
            long fp = 0;
            for (Map.Entry<ImagePair, Double> e : best.entrySet()) {
                double s = e.getValue();
                if (cosine ? s >= t : s <= t) {
                    if (truth.pairs().contains(e.getKey())) {
                        tp++;
                    } else {
                        fp++;
                    }
                }
            }
            boolean complete = cosine ? t >= results.threshold() : t <= results.threshold();
            rows.add(new SweepRow(t, new PairScores(tp, fp, truePairs - tp), complete));
        }
        return rows;
    }

    /**
     * Thresholds worth sweeping for a results file: every Hamming distance from 0 to the search threshold, or
     * cosine similarities from the search threshold to 1 in steps of 0.01.
     */
    public static List<Double> defaultThresholds(ResultsFile results) {
        List<Double> ts = new ArrayList<>();
        if (results.encoder().metric() == EncoderSpec.Metric.HAMMING) {
            for (int t = 0; t <= (int) Math.floor(results.threshold()); t++) {
                ts.add((double) t);
            }
        } else {
            BigDecimal step = new BigDecimal("0.01");
            BigDecimal t = BigDecimal.valueOf(results.threshold()).setScale(2, RoundingMode.CEILING);
            for (; t.compareTo(BigDecimal.ONE) <= 0; t = t.add(step)) {
                ts.add(t.doubleValue());
            }
        }
        return ts;
    }

    /** The sweep as a table; thresholds looser than the search's are marked with '*'. */
    public static String sweepTable(List<SweepRow> rows) {
        TextTable t = new TextTable("threshold", "predicted", "TP", "FP", "FN", "precision", "recall", "F1");
        boolean incomplete = false;
        for (SweepRow r : rows) {
            PairScores s = r.scores();
            String th = number(r.threshold()) + (r.complete() ? "" : "*");
            incomplete |= !r.complete();
            t.row(th, s.predicted(), s.truePositives(), s.falsePositives(), s.falseNegatives(),
                    Scores.fmt(s.precision()), Scores.fmt(s.recall()), Scores.fmt(s.f1()));
        }
        return t + (incomplete ? "* looser than the search threshold: pairs beyond it are not in the results file\n" : "");
    }

    /** The sweep as JSON: a list of {@code {"threshold", "complete", ...scores}}. */
    public static String sweepJson(List<SweepRow> rows) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (SweepRow r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("threshold", r.threshold());
            m.put("complete", r.complete());
            m.putAll(Scores.asMap(r.scores()));
            out.add(m);
        }
        return Scores.json(out);
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
