package doppel.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import doppel.evaluate.Evaluation;
import doppel.evaluate.GroundTruth;
import doppel.results.ImagePair;
import doppel.results.ResultsIO;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Scores found pairs on a set written by {@link EditSet}, per edit kind: recall over the pairs of an original and
 * its copy of that kind, precision over the found pairs that involve a copy of that kind; then every pair
 * (copies of one photo are duplicates of each other too) with group metrics, as {@code doppel evaluate} does.
 *
 * <pre>java -cp ... doppel.bench.EditSetScore RESULTS SETDIR</pre>
 */
public final class EditSetScore {
    private EditSetScore() {
    }

    public static void main(String[] args) throws IOException {
        Path results = Path.of(args[0]);
        Path set = Path.of(args[1]);
        Map<String, String> kinds = new ObjectMapper().readValue(set.resolve("kinds.json").toFile(),
                new TypeReference<Map<String, String>>() { });
        GroundTruth truth = GroundTruth.read(set.resolve("truth.json"));
        Set<ImagePair> found = new HashSet<>(ResultsIO.readPairs(results));
        Map<String, int[]> byKind = new TreeMap<>(); // truth, found, predicted, true predicted
        for (ImagePair p : truth.pairs()) {
            String kind = directKind(p, kinds);
            if (kind != null) {
                int[] c = byKind.computeIfAbsent(kind, k -> new int[4]);
                c[0]++;
                if (found.contains(p)) {
                    c[1]++;
                }
            }
        }
        for (ImagePair p : found) {
            for (String key : List.of(p.a(), p.b())) {
                String kind = kindOf(key, kinds);
                if (kind != null) {
                    int[] c = byKind.computeIfAbsent(kind, k -> new int[4]);
                    c[2]++;
                    if (truth.pairs().contains(p)) {
                        c[3]++;
                    }
                }
            }
        }
        System.out.println("| kind | copies | recall | precision |");
        System.out.println("|---|---|---|---|");
        for (Map.Entry<String, int[]> e : byKind.entrySet()) {
            int[] c = e.getValue();
            System.out.printf("| %s | %d | %.3f | %s |%n", e.getKey(), c[0], c[0] == 0 ? 1.0 : (double) c[1] / c[0],
                    c[2] == 0 ? "-" : String.format("%.3f", (double) c[3] / c[2]));
        }
        System.out.println(Evaluation.evaluate(found, truth).table());
    }

    /** The kind of the copy in an original/copy pair, or null for a pair of two copies. */
    private static String directKind(ImagePair p, Map<String, String> kinds) {
        String ka = kindOf(p.a(), kinds);
        String kb = kindOf(p.b(), kinds);
        return ka == null ? kb : kb == null ? ka : null;
    }

    private static String kindOf(String key, Map<String, String> kinds) {
        if (!kinds.containsKey(key)) {
            return null;
        }
        return key.split("/")[1];
    }
}
