package doppel.cli;

import doppel.results.ActionInfo;
import doppel.results.PairEvidence;
import doppel.results.ResultsFile;
import doppel.results.ResultsIO;
import doppel.search.DuplicateMaps;
import doppel.search.DuplicateResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes --out: imagededup's duplicates map, and Doppel's full results file beside it. */
final class ResultFiles {
    private ResultFiles() {
    }

    /** dups.json -> dups.doppel.json. */
    static Path sidecarOf(Path out) {
        String name = out.getFileName().toString();
        String stem = name.toLowerCase(java.util.Locale.ROOT).endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        return out.resolveSibling(stem + ".doppel.json");
    }

    /** imagededup writes scored duplicates as [["dup", score], ...]. */
    private static Map<String, List<List<Object>>> pairsAsLists(Map<String, List<Map.Entry<String, Number>>> scored) {
        Map<String, List<List<Object>>> out = new LinkedHashMap<>();
        scored.forEach((k, v) -> out.put(k, v.stream().map(e -> List.<Object>of(e.getKey(), e.getValue())).toList()));
        return out;
    }

    static void write(DuplicateResult result, Path out, boolean scores, ActionInfo actions) throws IOException {
        write(result, ResultsFile.from(result, actions, java.time.Instant.now()), out, scores, List.of());
    }

    /**
     * Writes {@code results} (describing {@code result}) beside imagededup's map of {@code result}, with the
     * evidence of geometrically verified pairs ({@code --thorough}; empty otherwise).
     */
    static void write(DuplicateResult result, ResultsFile results, Path out, boolean scores, List<PairEvidence> evidence)
            throws IOException {
        ResultsIO.writeDuplicateMap(scores ? pairsAsLists(DuplicateMaps.scored(result)) : DuplicateMaps.duplicates(result), out);
        ResultsIO.write(results, sidecarOf(out), evidence);
    }
}
