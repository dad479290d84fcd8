package doppel.aesthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import doppel.dataset.Dataset;
import doppel.dataset.ImageFile;
import doppel.encode.BitHash;
import doppel.encode.EncodedImage;
import doppel.encode.Embedding;
import doppel.stats.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AestheticScoringTest {
    private static final String[] PATHS = {
        "data/c1/s1/t1/a.png", "data/c1/s1/t1/b.png", "data/c1/s1/t2/c.png", "data/c1/s2/t3/d.png",
        "data/c1/s2/t3/deep/e.png"};
    private static final float[] SCORES = {5, 7, 3, 6, 2};

    @TempDir
    Path tmp;

    /** A head whose score is the first embedding component, so the expected scores are chosen directly. */
    private static AestheticHead firstComponentHead(int dim) throws InvalidHeadException {
        double[] w = new double[dim];
        w[0] = 1;
        return AestheticHead.of("first.json", dim, false,
                List.of(new AestheticHead.Layer(new double[][] {w}, new double[] {0}, AestheticHead.Activation.NONE)));
    }

    private List<EncodedImage> encodedDataset(String name) throws IOException {
        Dataset ds = new Dataset(name, tmp.resolve(name));
        List<EncodedImage> out = new ArrayList<>();
        for (int i = 0; i < PATHS.length; i++) {
            ImageFile f = TestImages.write(ds, PATHS[i], 16 + i, 16, "png");
            out.add(new EncodedImage(f, Embedding.of(new float[] {SCORES[i], 0.5f, -1, 2})));
        }
        return out;
    }

    @Test
    void scoreAllAppliesTheHeadToEveryEmbedding() throws IOException {
        List<EncodedImage> encoded = encodedDataset("ds");
        Map<ImageFile, Float> scores = AestheticScoring.scoreAll(encoded, firstComponentHead(4));
        assertEquals(PATHS.length, scores.size());
        for (int i = 0; i < PATHS.length; i++) {
            assertEquals(SCORES[i], scores.get(encoded.get(i).file()));
        }

        IllegalArgumentException dim = assertThrows(IllegalArgumentException.class,
                () -> AestheticScoring.scoreAll(encoded, firstComponentHead(8)));
        assertEquals("aesthetic head first.json expects 8-d embeddings, but the model gives 4-d "
                + "(use the CLIP model the head was trained on)", dim.getMessage());

        List<EncodedImage> hashed = List.of(new EncodedImage(encoded.get(0).file(), BitHash.of64(42)));
        IllegalArgumentException hash = assertThrows(IllegalArgumentException.class,
                () -> AestheticScoring.scoreAll(hashed, firstComponentHead(4)));
        assertTrue(hash.getMessage().contains("needs CLIP embeddings"), hash.getMessage());
    }

    @Test
    void writesOneFilePerParentFolderAndReadsScoresBack() throws IOException {
        List<EncodedImage> encoded = encodedDataset("ds");
        Map<ImageFile, Float> scores = AestheticScoring.scoreAll(encoded, firstComponentHead(4));
        Path root = encoded.get(0).file().dataset().root();

        List<Path> written = AestheticScoring.writePerTopic(scores, 0, "clip-test", "first.json");
        assertEquals(List.of(root.resolve("data/c1/s1/t1/aesthetic_data.json"), root.resolve("data/c1/s1/t2/aesthetic_data.json"),
                root.resolve("data/c1/s2/t3/aesthetic_data.json"), root.resolve("data/c1/s2/t3/deep/aesthetic_data.json")), written);

        JsonNode t1 = new ObjectMapper().readTree(root.resolve("data/c1/s1/t1/aesthetic_data.json").toFile());
        assertEquals("clip-test", t1.get("model").asText());
        assertEquals("first.json", t1.get("head").asText());
        assertEquals(2, t1.get("scores").size());
        assertEquals(5.0, t1.get("scores").get("a.png").asDouble());
        assertEquals(7.0, t1.get("scores").get("b.png").asDouble());
        assertNoTempFiles(root);

        assertEquals(scores, AestheticScoring.readScores(encoded.stream().map(EncodedImage::file).toList()));
    }

    @Test
    void topicDepthGathersDeeperImagesIntoTheTopicFile() throws IOException {
        List<EncodedImage> encoded = encodedDataset("ds3");
        Map<ImageFile, Float> scores = AestheticScoring.scoreAll(encoded, firstComponentHead(4));
        Path root = encoded.get(0).file().dataset().root();
        // Rewriting replaces the file as a whole.
        AestheticScoring.writePerTopic(Map.of(encoded.get(3).file(), 1f), 3, "old", "old.json");
        AestheticScoring.writePerTopic(scores, 3, "clip-test", "first.json");

        assertFalse(Files.exists(root.resolve("data/c1/s2/t3/deep/aesthetic_data.json")));
        TopicScores t3 = AestheticScoring.read(root.resolve("data/c1/s2/t3/aesthetic_data.json"));
        assertEquals(Map.of("d.png", 6f, "deep/e.png", 2f), t3.scores());
        assertEquals("clip-test", t3.model());
        assertNoTempFiles(root);
        assertEquals(scores, AestheticScoring.readScores(encoded.stream().map(EncodedImage::file).toList()));
    }

    @Test
    void scoreStatsGiveMedianPerTopicAndTopBottomPerSubcluster() throws IOException {
        List<EncodedImage> encoded = encodedDataset("ds");
        Dataset ds = encoded.get(0).file().dataset();
        List<EncodedImage> more = new ArrayList<>(encoded);
        // A third topic in c1/s1 with an even count: median (4 + 9) / 2.
        more.add(new EncodedImage(TestImages.write(ds, "data/c1/s1/t4/x.png", 8, 8, "png"), Embedding.of(new float[] {4, 0, 0, 0})));
        more.add(new EncodedImage(TestImages.write(ds, "data/c1/s1/t4/y.png", 8, 8, "png"), Embedding.of(new float[] {9, 0, 0, 0})));
        Map<ImageFile, Float> scores = AestheticScoring.scoreAll(more, firstComponentHead(4));

        ScoreStats inMemory = ScoreStats.compute(scores, 0, 2);
        assertEquals(6.0, inMemory.topics().get("ds/data/c1/s1/t1").median());
        assertEquals(6.5, inMemory.topics().get("ds/data/c1/s1/t4").median());
        assertEquals(2, inMemory.topics().get("ds/data/c1/s1/t4").images());
        ScoreStats.SubclusterStat s1 = inMemory.subclusters().get("ds/data/c1/s1");
        assertEquals(3, s1.topics());
        assertEquals(List.of("ds/data/c1/s1/t4", "ds/data/c1/s1/t1"), s1.top().stream().map(ScoreStats.TopicStat::topic).toList());
        assertEquals(List.of("ds/data/c1/s1/t2", "ds/data/c1/s1/t1"), s1.bottom().stream().map(ScoreStats.TopicStat::topic).toList());

        AestheticScoring.writePerTopic(scores, 0, "clip-test", "first.json");
        ScoreStats fromFiles = ScoreStats.load(List.of(ds.root()), 2);
        assertEquals(inMemory.topics(), fromFiles.topics());
        assertEquals(inMemory.subclusters(), fromFiles.subclusters());

        JsonNode json = new ObjectMapper().readTree(fromFiles.toJsonString());
        assertEquals(6.5, json.get("topics").get("ds/data/c1/s1/t4").get("median").asDouble());
        assertEquals("ds/data/c1/s1/t4", json.get("subclusters").get("ds/data/c1/s1").get("top").get(0).get("topic").asText());
        assertEquals(3.0, json.get("subclusters").get("ds/data/c1/s1").get("bottom").get(0).get("median").asDouble());

        String table = fromFiles.toTable();
        assertTrue(table.contains("ds/data/c1/s1/t4"), table);
        assertTrue(table.contains("6.500"), table);
        assertTrue(table.contains("ds/data/c1/s1 (3 topics)"), table);
        assertThrows(IllegalArgumentException.class, () -> ScoreStats.compute(scores, 0, 0));
    }

    private static void assertNoTempFiles(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            List<Path> tmp = s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
            assertEquals(List.of(), tmp);
        }
    }
}
