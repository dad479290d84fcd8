package doppel.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import doppel.encode.EncoderSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsIOTest {
    @TempDir
    Path tmp;

    /**
     * Evidence written with its coverage shares, the reason a pair removed neither image and which image was
     * verified over white reads back; an entry written before these were recorded still loads (null), and a share
     * outside 0..1 or an unknown alpha is refused.
     */
    @Test
    void evidenceSharesAreOptionalOnRead() throws IOException {
        Fixture f = Fixture.create(tmp, 2, EncoderSpec.Metric.HAMMING);
        Path out = tmp.resolve("results.json");
        PairEvidence crop = new PairEvidence("A/cats/g0.jpg", "B/g0_small.jpg", "crop-window", 57, 68, 1.239, 0.2,
                false, new double[] {0.1, 0.1, 0.9, 0.9}, new double[] {0, 0, 1, 1}, 0.64, 1.0,
                "A/cats/g0.jpg not removed: its kept image B/g0_small.jpg shows only 64% of it", PairEvidence.Alpha.A);
        ResultsIO.write(ResultsFile.from(f.result, null, java.time.Instant.now()), out, List.of(crop));
        PairEvidence read = ResultsIO.readEvidence(out).get(0);
        assertEquals(0.64, read.coveredOf("A/cats/g0.jpg"));
        assertEquals(1.0, read.coveredOf("B/g0_small.jpg"));
        assertEquals(crop.keptBoth(), read.keptBoth());
        assertTrue(read.overWhite("A/cats/g0.jpg"));
        assertFalse(read.overWhite("B/g0_small.jpg"));

        ObjectMapper json = new ObjectMapper();
        ObjectNode tree = (ObjectNode) json.readTree(out.toFile());
        ObjectNode entry = (ObjectNode) tree.get("evidence").get(0);
        assertEquals("a over white", entry.get("alpha").asText());
        entry.remove(List.of("covered_a", "covered_b", "kept_both", "alpha"));
        Files.writeString(out, json.writeValueAsString(tree));
        PairEvidence old = ResultsIO.readEvidence(out).get(0);
        assertNull(old.coveredA());
        assertNull(old.coveredB());
        assertNull(old.keptBoth());
        assertNull(old.alpha());
        assertEquals(57, old.inliers());

        entry.put("alpha", "over black");
        Files.writeString(out, json.writeValueAsString(tree));
        assertTrue(assertThrows(ResultsException.class, () -> ResultsIO.readEvidence(out)).getMessage()
                .contains("evidence alpha"));
        entry.remove("alpha");

        entry.put("covered_a", 1.5).put("covered_b", 1.0);
        Files.writeString(out, json.writeValueAsString(tree));
        assertTrue(assertThrows(ResultsException.class, () -> ResultsIO.readEvidence(out)).getMessage()
                .contains("within 0..1"));
    }

    @Test
    void writtenResultsReadBackEqual() throws IOException {
        Fixture f = Fixture.create(tmp, 4, EncoderSpec.Metric.HAMMING);
        ActionInfo actions = new ActionInfo(ActionInfo.Mode.MOVE, tmp.resolve("dups"), tmp.resolve("dups/doppel-journal-1.jsonl"));
        Path out = tmp.resolve("out/results.json");
        ResultsIO.write(f.result, out, actions);

        ResultsFile read = ResultsIO.read(out);
        assertEquals(ResultsFile.from(f.result, actions, read.created()), read);
        assertEquals(new ResultsFile.Summary(11, 8, 4, 6, 2), read.summary());
        assertEquals(List.of("A/cats/g0.jpg", "B/g0_small.jpg", "A/g0_copy.png"),
                read.groups().get(0).members().stream().map(ResultsFile.Member::key).toList());
        assertEquals("A/cats/g0.jpg", read.groups().get(0).kept());
        assertNull(read.groups().get(0).keptMember().score());
        assertEquals(2.0, read.groups().get(0).members().get(1).score());
        ResultsFile.DatasetInfo a = read.dataset("A");
        assertEquals(7, a.images());
        assertEquals(java.util.Map.of(".", 3, "cats", 2, "dogs", 2), a.folders());
        assertEquals(tmp.resolve("dups").toAbsolutePath(), read.actions().target());

        // The documented layout: Hamming scores as integers, one pair per line, no temp file left behind.
        String text = Files.readString(out);
        assertTrue(text.contains("\"format\": \"doppel-results\""), text);
        assertTrue(text.contains("[\"A/cats/g0.jpg\",\"B/g0_small.jpg\",2]"), text);
        assertTrue(text.contains("\"threshold\": 10,"), text);
        assertTrue(text.contains("\"keep\": \"first-dir\""), text);
        JsonNode tree = new ObjectMapper().readTree(text);
        assertEquals(6, tree.get("remove").size());
        assertEquals("zero-byte file", tree.get("skipped").get(1).get("reason").asText());
        try (Stream<Path> s = Files.list(out.getParent())) {
            assertEquals(List.of(out), s.toList());
        }
    }

    @Test
    void cosineScoresSurviveExactlyAndOverwriteReplacesTheFile() throws IOException {
        Fixture f = Fixture.create(tmp, 3, EncoderSpec.Metric.COSINE);
        Path out = tmp.resolve("results.json");
        Files.writeString(out, "old content");
        ResultsIO.write(f.result, out, null);
        ResultsFile read = ResultsIO.read(out);
        assertEquals(ResultsFile.from(f.result, null, read.created()), read);
        assertEquals(0.98, read.pairs().get(0).score());
        assertTrue(read.higherIsCloser());
        assertNull(read.actions());
    }

    @Test
    void readPairsUnderstandsDoppelAndBothImagededupFormats() throws IOException {
        Fixture f = Fixture.create(tmp, 3, EncoderSpec.Metric.HAMMING);
        Path results = tmp.resolve("results.json");
        ResultsIO.write(f.result, results, ActionInfo.none());
        assertEquals(f.result.pairs().size(), ResultsIO.readPairs(results).size());
        assertTrue(ResultsIO.readPairs(results).contains(ImagePair.of("B/g0_small.jpg", "A/cats/g0.jpg")));

        Path plain = tmp.resolve("plain.json");
        Files.writeString(plain, "{\"a.jpg\": [\"b.jpg\", \"c.jpg\"], \"b.jpg\": [\"a.jpg\"], \"c.jpg\": [\"a.jpg\", \"c.jpg\"],"
                + " \"d.jpg\": []}");
        assertEquals(Set.of(ImagePair.of("a.jpg", "b.jpg"), ImagePair.of("a.jpg", "c.jpg")),
                new HashSet<>(ResultsIO.readPairs(plain)));
        assertEquals(2, ResultsIO.readPairs(plain).size());
        assertEquals(Set.of("a.jpg", "b.jpg", "c.jpg", "d.jpg"), ResultsIO.readImagededup(plain).images());

        Path scored = tmp.resolve("scored.json");
        Files.writeString(scored, "{\"x/1.png\": [[\"y/2.png\", 4], [\"x/3.png\", 0.93]], \"y/2.png\": [[\"x/1.png\", 4]]}");
        assertEquals(Set.of(ImagePair.of("x/1.png", "y/2.png"), ImagePair.of("x/1.png", "x/3.png")),
                new HashSet<>(ResultsIO.readPairs(scored)));
        assertEquals(0.93, ResultsIO.readImagededup(scored).pairs().get(ImagePair.of("x/3.png", "x/1.png")));
    }

    @Test
    void badFilesGiveOneLineMessagesNamingTheFile() throws IOException {
        Path missing = tmp.resolve("nope.json");
        assertMessage(missing, "no such file", () -> ResultsIO.read(missing));
        assertMessage(missing, "no such file", () -> ResultsIO.readPairs(missing));

        Path garbled = tmp.resolve("garbled.json");
        Files.writeString(garbled, "{\"format\": \"doppel-results\", \"version\": 1, \"groups\": [ {\"kept\": ");
        assertMessage(garbled, "not valid JSON", () -> ResultsIO.read(garbled));
        assertMessage(garbled, "not valid JSON", () -> ResultsIO.readPairs(garbled));

        Path binary = tmp.resolve("photo.json");
        Fixture.writeImage(binary, 1, 20, 20, "png");
        assertMessage(binary, "not valid JSON", () -> ResultsIO.readPairs(binary));

        Path other = tmp.resolve("other.json");
        Files.writeString(other, "{\"format\": \"something-else\", \"version\": 1}");
        assertMessage(other, "not a Doppel results file", () -> ResultsIO.read(other));

        Path future = tmp.resolve("future.json");
        Files.writeString(future, "{\"format\": \"doppel-results\", \"version\": 7}");
        assertMessage(future, "version 7 is not supported", () -> ResultsIO.read(future));

        Path noGroups = tmp.resolve("nogroups.json");
        Files.writeString(noGroups, "{\"format\": \"doppel-results\", \"version\": 1, \"encoder\": {\"name\": \"phash\","
                + " \"metric\": \"HAMMING\", \"size\": 64}, \"threshold\": 10, \"pairs\": []}");
        assertMessage(noGroups, "missing field 'groups'", () -> ResultsIO.read(noGroups));

        Path badMap = tmp.resolve("badmap.json");
        Files.writeString(badMap, "{\"a.jpg\": {\"b.jpg\": 1}}");
        assertMessage(badMap, "is not a list", () -> ResultsIO.readPairs(badMap));

        Path badPair = tmp.resolve("badpair.json");
        Files.writeString(badPair, "{\"a.jpg\": [[\"b.jpg\", \"close\"]]}");
        assertMessage(badPair, "[file name, score]", () -> ResultsIO.readPairs(badPair));

        Path array = tmp.resolve("array.json");
        Files.writeString(array, "[1, 2]");
        assertMessage(array, "expected a JSON object", () -> ResultsIO.read(array));
    }

    private static void assertMessage(Path file, String expected, org.junit.jupiter.api.function.Executable call) {
        ResultsException e = assertThrows(ResultsException.class, call);
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
}
