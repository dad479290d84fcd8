package doppel.search;

import doppel.encode.EncoderSpec;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * imagededup-style result maps of a {@link DuplicateResult}: every image key ({@code dataset/relative/path})
 * maps to the keys of the images it was directly paired with, like imagededup's {@code find_duplicates}.
 * All searched images are listed, with an empty list when they have no duplicate; with a cross-dataset
 * search only pairs across datasets appear. Lists are ordered best score first, then by key.
 */
public final class DuplicateMaps {
    private DuplicateMaps() {
    }

    /** Image key to the keys of its duplicates. */
    public static Map<String, List<String>> duplicates(DuplicateResult result) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        scored(result).forEach((k, v) -> out.put(k, v.stream().map(Map.Entry::getKey).toList()));
        return out;
    }

    /**
     * Image key to (duplicate key, score) entries: the Hamming distance as an {@link Integer} for hashes,
     * the cosine similarity as a {@link Float} for embeddings (imagededup's types).
     */
    public static Map<String, List<Map.Entry<String, Number>>> scored(DuplicateResult result) {
        boolean cosine = result.spec().metric() == EncoderSpec.Metric.COSINE;
        // most images have no pair: they share one empty list, and only paired images get theirs
        Map<Integer, List<Match>> byImage = new HashMap<>();
        for (Match m : result.pairs()) {
            byImage.computeIfAbsent(m.a(), k -> new ArrayList<>()).add(m);
            byImage.computeIfAbsent(m.b(), k -> new ArrayList<>()).add(m);
        }
        Comparator<Match> best = Comparator.comparingDouble(m -> cosine ? -m.score() : m.score());
        Map<String, List<Map.Entry<String, Number>>> out = new LinkedHashMap<>();
        for (int i = 0; i < result.images().size(); i++) {
            List<Match> matches = byImage.get(i);
            if (matches == null) {
                out.put(key(result, i), List.of());
                continue;
            }
            int self = i;
            matches.sort(best.thenComparing(m -> key(result, other(m, self))));
            List<Map.Entry<String, Number>> entries = new ArrayList<>();
            for (Match m : matches) {
                Number score = cosine ? (Number) (float) m.score() : (Number) (int) Math.round(m.score());
                entries.add(new AbstractMap.SimpleImmutableEntry<>(key(result, other(m, self)), score));
            }
            out.put(key(result, i), List.copyOf(entries));
        }
        return out;
    }

    private static int other(Match m, int self) {
        return m.a() == self ? m.b() : m.a();
    }

    private static String key(DuplicateResult result, int index) {
        return result.images().get(index).file().key();
    }
}
