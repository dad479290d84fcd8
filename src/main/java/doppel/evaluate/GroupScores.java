package doppel.evaluate;

import doppel.results.ImagePair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Group metrics beside the pair metrics: what the found pairs imply once they are grouped (as {@code find} groups
 * them into connected components before choosing what to remove). A wrong pair between two groups merges them, so
 * group metrics can be much worse than pair metrics; a missed pair inside a group that stays connected through
 * others costs nothing here.
 *
 * @param closure     pairs of every two members of a found group, against the pairs of every two members of a
 *                    true group
 * @param exactFound  found groups that equal a true group
 * @param foundGroups found groups (connected components of the found pairs)
 * @param exactTrue   true groups that some found group equals
 * @param trueGroups  true groups (connected components of the true pairs)
 */
public record GroupScores(PairScores closure, long exactFound, long foundGroups, long exactTrue, long trueGroups) {

    /** Scores the groups of {@code predicted} (keys already aligned with the truth) against those of {@code truth}. */
    static GroupScores of(Set<ImagePair> predicted, Set<ImagePair> truth) {
        List<Set<String>> found = components(predicted);
        List<Set<String>> real = components(truth);
        Set<ImagePair> foundClosure = closure(found);
        Set<ImagePair> realClosure = closure(real);
        long tp = foundClosure.stream().filter(realClosure::contains).count();
        Set<Set<String>> realSet = new HashSet<>(real);
        long exact = found.stream().filter(realSet::contains).count();
        return new GroupScores(new PairScores(tp, foundClosure.size() - tp, realClosure.size() - tp),
                exact, found.size(), exact, real.size());
    }

    /** Share of found groups that are exactly a true group (1 when none was found). */
    public double groupPrecision() {
        return foundGroups == 0 ? 1 : (double) exactFound / foundGroups;
    }

    /** Share of true groups found exactly (1 when there are none). */
    public double groupRecall() {
        return trueGroups == 0 ? 1 : (double) exactTrue / trueGroups;
    }

    /** Two table rows: the closure's pair scores, and exact groups. */
    public String table() {
        TextTable t = new TextTable("groups", "truth", "predicted", "TP", "FP", "FN", "precision", "recall", "F1");
        t.row("pairs in groups", closure.truth(), closure.predicted(), closure.truePositives(),
                closure.falsePositives(), closure.falseNegatives(), Scores.fmt(closure.precision()),
                Scores.fmt(closure.recall()), Scores.fmt(closure.f1()));
        double p = groupPrecision();
        double r = groupRecall();
        t.row("exact groups", trueGroups, foundGroups, exactFound, foundGroups - exactFound, trueGroups - exactTrue,
                Scores.fmt(p), Scores.fmt(r), Scores.fmt(p + r == 0 ? 0 : 2 * p * r / (p + r)));
        return t.toString();
    }

    /** As JSON fields: {@code pairs_in_groups} (pair scores) and {@code exact_groups}. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pairs_in_groups", Scores.asMap(closure));
        Map<String, Object> exact = new LinkedHashMap<>();
        exact.put("true_groups", trueGroups);
        exact.put("found_groups", foundGroups);
        exact.put("exact", exactFound);
        exact.put("precision", groupPrecision());
        exact.put("recall", groupRecall());
        m.put("exact_groups", exact);
        return m;
    }

    private static List<Set<String>> components(Set<ImagePair> pairs) {
        Map<String, String> parent = new HashMap<>();
        for (ImagePair p : pairs) {
            union(parent, p.a(), p.b());
        }
        Map<String, Set<String>> byRoot = new LinkedHashMap<>();
        for (String k : parent.keySet()) {
            byRoot.computeIfAbsent(root(parent, k), r -> new HashSet<>()).add(k);
        }
        return new ArrayList<>(byRoot.values());
    }

    private static Set<ImagePair> closure(List<Set<String>> groups) {
        Set<ImagePair> out = new HashSet<>();
        for (Set<String> g : groups) {
            List<String> members = new ArrayList<>(g);
            for (int i = 0; i < members.size(); i++) {
                for (int j = i + 1; j < members.size(); j++) {
                    out.add(ImagePair.of(members.get(i), members.get(j)));
                }
            }
        }
        return out;
    }

    private static void union(Map<String, String> parent, String a, String b) {
        String ra = root(parent, a);
        String rb = root(parent, b);
        if (!ra.equals(rb)) {
            parent.put(ra, rb);
        }
    }

    private static String root(Map<String, String> parent, String k) {
        parent.putIfAbsent(k, k);
        String r = k;
        while (!parent.get(r).equals(r)) {
            r = parent.get(r);
        }
        parent.put(k, r);
        return r;
    }
}
