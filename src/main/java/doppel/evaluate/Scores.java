package doppel.evaluate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The result of {@link Evaluation#evaluate}: pair scores overall and per class.
 *
 * @param overall  over all pairs
 * @param perClass per class (first folder of the relative path, or the dataset for files at its root); a pair
 *                 whose images are in two classes counts in both
 */
public record Scores(PairScores overall, SortedMap<String, PairScores> perClass) {
    public Scores {
        perClass = Collections.unmodifiableSortedMap(new TreeMap<>(perClass));
    }

    /** A table with one row for all pairs and one per class. */
    public String table() {
        TextTable t = new TextTable("class", "truth", "predicted", "TP", "FP", "FN", "precision", "recall", "F1");
        add(t, "ALL", overall);
        perClass.forEach((c, s) -> add(t, c, s));
        return t.toString();
    }

    private static void add(TextTable t, String name, PairScores s) {
        t.row(name, s.truth(), s.predicted(), s.truePositives(), s.falsePositives(), s.falseNegatives(),
                fmt(s.precision()), fmt(s.recall()), fmt(s.f1()));
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    /** The scores as a JSON document: {@code {"overall": {...}, "classes": {"name": {...}}}}. */
    public String toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("overall", asMap(overall));
        Map<String, Object> classes = new LinkedHashMap<>();
        perClass.forEach((c, s) -> classes.put(c, asMap(s)));
        root.put("classes", classes);
        return json(root);
    }

    static Map<String, Object> asMap(PairScores s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("truth_pairs", s.truth());
        m.put("predicted_pairs", s.predicted());
        m.put("true_positives", s.truePositives());
        m.put("false_positives", s.falsePositives());
        m.put("false_negatives", s.falseNegatives());
        m.put("precision", s.precision());
        m.put("recall", s.recall());
        m.put("f1", s.f1());
        return m;
    }

    static String json(Object value) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }
}
