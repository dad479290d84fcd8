package doppel.find;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import doppel.encode.EncodedImage;
import doppel.encode.EncoderSpec;
import doppel.io.AtomicWrite;
import doppel.results.ResultsFile;
import doppel.search.DuplicateResult;
import doppel.search.Match;
import doppel.search.PairSearch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** What a {@link Leak} check found: each leaking query image with its duplicates in the reference set. */
public final class LeakRun {
    /** A reference image that a query image duplicates, and the pair's score (distance or similarity). */
    public record Source(String reference, double score) {
    }

    private final DuplicateResult result;
    private final PairSearch search;
    private final long queryImages;
    private final int unconfirmed;
    private final Map<String, List<Source>> leaks = new TreeMap<>();

    LeakRun(DuplicateResult result, PairSearch search, long queryImages, Set<String> referenceNames, int unconfirmed) {
        this.result = result;
        this.unconfirmed = unconfirmed;
        this.search = search;
        this.queryImages = queryImages;
        for (Match m : result.pairs()) {
            EncodedImage x = result.images().get(m.a());
            EncodedImage y = result.images().get(m.b());
            EncodedImage q = Leak.isReference(x, referenceNames) ? y : x;
            EncodedImage r = q == x ? y : x;
            leaks.computeIfAbsent(q.file().key(), k -> new ArrayList<>()).add(new Source(r.file().key(), m.score()));
        }
    }

    /** Leaking query images by key, in key order, each with the reference images it duplicates. */
    public Map<String, List<Source>> leaks() {
        return java.util.Collections.unmodifiableMap(leaks);
    }

    /** Pairs within the threshold that geometric verification did not confirm, so they do not count as leaks. */
    public int unconfirmed() {
        return unconfirmed;
    }

    /** How many query images were searched. */
    public long queryImages() {
        return queryImages;
    }

    /** "N of M query images leak (P%)". */
    public String verdict() {
        return String.format("%d of %d query images leak (%.1f%%)", leaks.size(), queryImages,
                queryImages == 0 ? 0.0 : 100.0 * leaks.size() / queryImages);
    }

    /** The search's result: images, cross pairs, groups (reference image kept), skipped files. */
    public DuplicateResult result() {
        return result;
    }

    public EncoderSpec spec() {
        return result.spec();
    }

    public double threshold() {
        return result.options().threshold();
    }

    /** The search that ran. */
    public PairSearch search() {
        return search;
    }

    /** The full results, of kind leak (read by report, dup-stats, plot and evaluate). */
    public ResultsFile results() {
        return ResultsFile.from(result, null, Instant.now()).withKind(ResultsFile.Kind.LEAK);
    }

    /**
     * Writes the leak summary: {"verdict", "leaking", "query_images", "encoder", "threshold",
     * "leaks": {query: [[reference, score], ...]}}, with integer scores for hashes.
     */
    public void writeSummary(Path file) {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("verdict", verdict());
        root.put("leaking", leaks.size());
        root.put("query_images", queryImages);
        root.put("encoder", spec().describe());
        root.put("threshold", threshold());
        ObjectNode map = root.putObject("leaks");
        boolean cosine = spec().metric() == EncoderSpec.Metric.COSINE;
        leaks.forEach((q, sources) -> {
            ArrayNode arr = map.putArray(q);
            for (Source s : sources) {
                ArrayNode pair = arr.addArray().add(s.reference());
                if (cosine) {
                    pair.add(s.score());
                } else {
                    pair.add((int) s.score());
                }
            }
        });
        try {
            AtomicWrite.writeString(file, json.writeValueAsString(root));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
