package doppel.cli;

import static doppel.cli.FindCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import doppel.find.Query;
import doppel.find.QueryRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code doppel query} and {@link Query}: new images against saved encodings, exact like find. */
class QueryCommandTest {
    @TempDir
    Path tmp;
    Path a;
    Path q;
    Path enc;

    @BeforeEach
    void makeDatasets() throws IOException {
        a = tmp.resolve("A");
        q = tmp.resolve("Q");
        CliTestImages.writeScenes(a, 5, 480, 360);
        CliTestImages.writePng(CliTestImages.scene(2, 480, 360), a.resolve("s2-copy.png"));
        CliTestImages.writeJpeg(CliTestImages.resized(CliTestImages.scene(2, 480, 360), 200, 150), q.resolve("new2.jpg"), 0.7f);
        CliTestImages.writeJpeg(CliTestImages.resized(CliTestImages.scene(4, 480, 360), 300, 225), q.resolve("new4.jpg"), 0.8f);
        CliTestImages.writeJpeg(CliTestImages.scene(77, 480, 360), q.resolve("unique.jpg"), 0.9f);
        enc = tmp.resolve("enc.json");
        assertEquals(0, run("encode", "--dirs", a.toString(), "--out", enc.toString(), "-q").exit());
    }

    @Test
    void queryFindsWhatFindPairsAcrossWithoutEncodingTheCollection() throws Exception {
        Path out = tmp.resolve("q.json");
        FindCommandTest.Run r = run("query", q.toString(), "--encodings-in", enc.toString(), "--top", "10",
                "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode map = new ObjectMapper().readTree(out.toFile());
        Set<String> fromQuery = new TreeSet<>();
        map.fields().forEachRemaining(e -> e.getValue().forEach(hit ->
                fromQuery.add(Path.of(e.getKey()).getFileName() + " | " + hit.get(0).asText())));
        assertTrue(fromQuery.contains("new2.jpg | A/s2.jpg") && fromQuery.contains("new4.jpg | A/s4.jpg"), fromQuery.toString());
        assertEquals(0, map.get(q.resolve("unique.jpg").toString()).size());

        // The same pairs as find over both folders, cross-dataset.
        Path found = tmp.resolve("f.json");
        assertEquals(0, run("find", a.toString(), q.toString(), "--cross-only", "--out", found.toString(), "-q").exit());
        Set<String> fromFind = new TreeSet<>();
        for (JsonNode p : new ObjectMapper().readTree(ResultFiles.sidecarOf(found).toFile()).get("pairs")) {
            String x = p.get(0).asText();
            String y = p.get(1).asText();
            String query = x.startsWith("Q/") ? x : y;
            String saved = x.startsWith("Q/") ? y : x;
            fromFind.add(query.substring(2) + " | " + saved);
        }
        assertEquals(fromFind, fromQuery);
    }

    @Test
    void topKeepsTheNearestAndTheJavaCallGivesTheSame() {
        FindCommandTest.Run r = run("query", q.resolve("new2.jpg").toString(), "--encodings-in", enc.toString(),
                "--top", "1", "--threshold", "64");
        assertEquals(0, r.exit(), r.err());
        Query.Outcome outcome = Query.run(QueryRequest.builder().images(q.resolve("new2.jpg"))
                .encodingsIn(enc).top(1).threshold(64.0).build());
        assertEquals(1, outcome.hits().size());
        List<Query.Hit> hits = outcome.hits().get(0).duplicates();
        assertEquals(1, hits.size(), "at most --top duplicates");
        Query.Outcome all = Query.run(QueryRequest.builder().images(q.resolve("new2.jpg")).encodingsIn(enc)
                .top(100).threshold(64.0).build());
        List<Double> scores = new ArrayList<>();
        all.hits().get(0).duplicates().forEach(h -> scores.add(h.score()));
        assertEquals(6, scores.size(), "threshold 64 of 64 bits matches every saved image");
        assertEquals(scores.stream().sorted().toList(), scores, "nearest first");
        assertEquals(scores.get(0), hits.get(0).score());
        assertTrue(r.out().contains(hits.get(0).file().key()), r.out());
    }

    @Test
    void aQueryImageAmongTheSavedOnesIsNotItsOwnDuplicate() {
        Query.Outcome outcome = Query.run(QueryRequest.builder().images(a.resolve("s2.jpg"), a.resolve("s3.jpg"))
                .encodingsIn(enc).build());
        List<String> s2 = outcome.hits().get(0).duplicates().stream().map(h -> h.file().key()).toList();
        assertEquals(List.of("A/s2-copy.png"), s2, "its copy, not itself");
        assertEquals(List.of(), outcome.hits().get(1).duplicates());
    }
}
