package doppel.cli;

import static doppel.cli.FindCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import doppel.cli.FindCommandTest.Run;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * score, score-stats and split end to end with the offline filter-bank model (482-d) and a linear head written
 * here: the scores must equal the head applied by hand to the vectors that {@code encode} saves.
 */
class ScoreCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DIM = 482;
    private static final double BIAS = 5.0;

    @TempDir
    Path tmp;

    private static Path model() {
        Path m = Path.of(System.getProperty("user.dir")).resolve("models/doppel-filterbank-v1.pt");
        Assumptions.assumeTrue(Files.isRegularFile(m), "the offline model is missing: " + m);
        return m;
    }

    private static double weight(int i) {
        return ((i % 7) - 3) * 0.05;
    }

    /** A linear head: score = BIAS + sum weight(i) * x[i], no input normalisation. */
    private Path writeHead(String name, int dim) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "doppel-aesthetic-head");
        root.put("version", 1);
        root.put("input_dim", dim);
        root.put("normalize_input", false);
        ObjectNode layer = root.putArray("layers").addObject();
        ArrayNode row = layer.putArray("weight").addArray();
        for (int i = 0; i < dim; i++) {
            row.add(weight(i));
        }
        layer.putArray("bias").add(BIAS);
        layer.put("activation", "none");
        Path head = tmp.resolve(name);
        JSON.writeValue(head.toFile(), root);
        return head;
    }

    /** Dataset T with topics t1 (3 images) and t2 (2 images) of different sizes. */
    private Path dataset() throws IOException {
        Path t = tmp.resolve("T");
        CliTestImages.writeJpeg(CliTestImages.scene(11, 320, 240), t.resolve("t1/a.jpg"), 0.9f);
        CliTestImages.writePng(CliTestImages.scene(12, 400, 300), t.resolve("t1/b.png"));
        CliTestImages.writeJpeg(CliTestImages.scene(13, 360, 360), t.resolve("t1/c.jpg"), 0.9f);
        CliTestImages.writeJpeg(CliTestImages.scene(14, 320, 240), t.resolve("t2/d.jpg"), 0.9f);
        CliTestImages.writeJpeg(CliTestImages.scene(15, 300, 320), t.resolve("t2/e.jpg"), 0.9f);
        return t;
    }

    private static final Map<String, Integer> PIXELS = Map.of("t1/a.jpg", 320 * 240, "t1/b.png", 400 * 300,
            "t1/c.jpg", 360 * 360, "t2/d.jpg", 320 * 240, "t2/e.jpg", 300 * 320);

    /** Relative path -> the head applied by hand to the vector saved by 'encode'. */
    private static Map<String, Double> expectedScores(Path encodings) throws IOException {
        Map<String, Double> expected = new TreeMap<>();
        for (JsonNode img : JSON.readTree(encodings.toFile()).get("images")) {
            ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(img.get("vector").asText()))
                    .order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(DIM * 4, bytes.remaining(), "482 float32 values");
            double s = BIAS;
            for (int i = 0; i < DIM; i++) {
                s += weight(i) * bytes.getFloat();
            }
            expected.put(img.get("path").asText(), s);
        }
        return expected;
    }

    private static double median(List<Double> values) {
        List<Double> v = new ArrayList<>(values);
        v.sort(null);
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }

    @Test
    void scoresEqualTheHeadAppliedToTheEncodingsThenStatsAndSplitUseThem() throws Exception {
        String model = model().toString();
        Path t = dataset();
        Path enc = tmp.resolve("enc.json");
        Run encode = run("encode", "--dirs", t.toString(), "--encoder", "cnn", "--model", model, "--out", enc.toString(), "-q");
        assertEquals(0, encode.exit(), encode.err());
        Map<String, Double> expected = expectedScores(enc);
        assertEquals(PIXELS.keySet(), expected.keySet());

        Path head = writeHead("linear482.json", DIM);
        Run score = run("score", t.toString(), "--head", head.toString(), "--encoder", "cnn", "--model", model);
        assertEquals(0, score.exit(), score.err());
        assertTrue(score.out().contains("5 images scored into 2 aesthetic_data.json files"), score.out());

        Map<String, Double> actual = new TreeMap<>();
        for (String topic : List.of("t1", "t2")) {
            JsonNode file = JSON.readTree(t.resolve(topic).resolve("aesthetic_data.json").toFile());
            assertEquals("linear482.json", file.get("head").asText());
            file.get("scores").fields().forEachRemaining(e -> actual.put(topic + "/" + e.getKey(), e.getValue().asDouble()));
        }
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((k, v) -> assertEquals(v, actual.get(k), 1e-4, k));

        Run stats = run("score-stats", t.toString());
        assertEquals(0, stats.exit(), stats.err());
        for (String topic : List.of("t1", "t2")) {
            List<Double> scores = actual.entrySet().stream().filter(e -> e.getKey().startsWith(topic + "/"))
                    .map(Map.Entry::getValue).toList();
            String med = String.format("%.3f", median(scores));
            int n = scores.size();
            assertTrue(stats.out().lines().anyMatch(l -> l.matches(".*" + topic + "\\s+" + n + "\\s+" + med.replace(".", "\\."))),
                    "median " + med + " of " + topic + " in:\n" + stats.out());
        }

        Path splitOut = tmp.resolve("split");
        Run split = run("split", t.toString(), "--train", "1", "--valid", "1", "--scores", "--out", splitOut.toString());
        assertEquals(0, split.exit(), split.err());
        JsonNode train = JSON.readTree(splitOut.resolve("train_set.json").toFile());
        JsonNode valid = JSON.readTree(splitOut.resolve("valid_set.json").toFile());
        for (String topic : List.of("t1", "t2")) {
            List<String> ranked = actual.keySet().stream().filter(k -> k.startsWith(topic + "/"))
                    .sorted(Comparator.comparingDouble((String k) -> PIXELS.get(k) * actual.get(k)).reversed()).toList();
            assertEquals(ranked.get(0), train.get(topic).get(0).asText(), "best of " + topic);
            assertEquals(1, train.get(topic).size());
            assertEquals(ranked.get(1), valid.get(topic).get(0).asText(), "second of " + topic);
            assertEquals(1, valid.get(topic).size());
        }
    }

    @Test
    void aHeadOfTheWrongInputDimensionIsNamedInOneLine() throws Exception {
        String model = model().toString();
        Path t = dataset();
        Path head = writeHead("head100.json", 100);
        Run r = run("score", t.toString(), "--head", head.toString(), "--encoder", "cnn", "--model", model);
        assertEquals(1, r.exit());
        String first = r.err().strip().lines().findFirst().orElse("");
        assertTrue(first.contains("head100.json") && first.contains("100") && first.contains("482"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertFalse(Files.exists(t.resolve("t1/aesthetic_data.json")), "nothing written");
    }

    @Test
    void scoreStatsAndSplitWithoutScoresSayWhatToRunFirst() throws Exception {
        Path t = dataset();
        Run stats = run("score-stats", t.toString());
        assertEquals(1, stats.exit());
        assertTrue(stats.err().contains("run 'doppel score' first"), stats.err());
        Run split = run("split", t.toString(), "--train", "1", "--valid", "1", "--scores");
        assertEquals(1, split.exit());
        assertTrue(split.err().contains("run 'doppel score' first"), split.err());
        Run byResolution = run("split", t.toString(), "--train", "1", "--valid", "1", "-q");
        assertEquals(0, byResolution.exit(), byResolution.err());
        JsonNode train = JSON.readTree(t.resolve("train_set.json").toFile());
        assertEquals("t1/c.jpg", train.get("t1").get(0).asText(), "360x360 is the largest in t1");
        assertEquals("t2/e.jpg", train.get("t2").get(0).asText(), "300x320 beats 320x240");
        assertEquals("t1/b.png",
                JSON.readTree(t.resolve("valid_set.json").toFile()).get("t1").get(0).asText());
    }
}
