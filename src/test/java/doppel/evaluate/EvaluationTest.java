package doppel.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import doppel.encode.EncoderSpec;
import doppel.results.Fixture;
import doppel.results.ImagePair;
import doppel.results.ResultsException;
import doppel.results.ResultsFile;
import doppel.results.ResultsIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationTest {
    @TempDir
    Path tmp;

    /** Truth: cats {a,b,c} are one image thrice, dogs d-e a pair, f alone. */
    private Path truthFile() throws IOException {
        Path truth = tmp.resolve("truth.json");
        // Deliberately asymmetric listing: the symmetric closure must give the same pairs.
        Files.writeString(truth, "{\"cats/a.jpg\": [\"cats/b.jpg\", \"cats/c.jpg\"], \"cats/b.jpg\": [\"cats/c.jpg\"],"
                + " \"cats/c.jpg\": [], \"dogs/d.jpg\": [], \"dogs/e.jpg\": [\"dogs/d.jpg\"], \"f.jpg\": []}");
        return truth;
    }

    @Test
    void precisionRecallF1OverPairsOverallAndPerClass() throws IOException {
        GroundTruth truth = GroundTruth.read(truthFile());
        assertEquals(4, truth.pairs().size());
        Path predicted = tmp.resolve("pred.json");
        // Found a-b and a-c (b-c missed), d-e missed, one false pair across classes, one within dogs.
        Files.writeString(predicted, "{\"cats/a.jpg\": [[\"cats/b.jpg\", 2], [\"cats/c.jpg\", 5]],"
                + " \"cats/b.jpg\": [[\"cats/a.jpg\", 2]], \"dogs/d.jpg\": [[\"f.jpg\", 9], [\"dogs/x.jpg\", 7]]}");
        Scores s = Evaluation.evaluate(predicted, truthFile());
        assertEquals(new PairScores(2, 2, 2), s.overall());
        assertEquals(0.5, s.overall().precision());
        assertEquals(0.5, s.overall().recall());
        assertEquals(0.5, s.overall().f1());
        assertEquals(new PairScores(2, 0, 1), s.perClass().get("cats"));
        assertEquals(new PairScores(0, 2, 1), s.perClass().get("dogs"));
        assertEquals(new PairScores(0, 1, 0), s.perClass().get("."));
        assertEquals(2.0 / 3, s.perClass().get("cats").recall(), 1e-12);
        assertEquals(0.8, s.perClass().get("cats").f1(), 1e-12);
        String table = s.table();
        assertTrue(table.lines().anyMatch(l -> l.matches("ALL\\s+4\\s+4\\s+2\\s+2\\s+2\\s+0\\.5000\\s+0\\.5000\\s+0\\.5000")), table);
        assertTrue(s.toJson().contains("\"precision\" : 0.5"), s.toJson());
    }

    @Test
    void doppelKeysAreMatchedToImagededupTruthAndBack() throws IOException {
        GroundTruth truth = GroundTruth.read(truthFile());
        Set<ImagePair> doppelStyle = Set.of(ImagePair.of("photos/cats/a.jpg", "photos/cats/b.jpg"),
                ImagePair.of("photos/dogs/d.jpg", "photos/dogs/e.jpg"));
        Scores s = Evaluation.evaluate(doppelStyle, truth);
        assertEquals(new PairScores(2, 0, 2), s.overall());

        // Doppel results as truth: every two members of a group are a true pair; classes by folder or dataset.
        Fixture f = Fixture.create(tmp.resolve("imgs"), 3, EncoderSpec.Metric.HAMMING);
        Path results = tmp.resolve("results.json");
        ResultsIO.write(f.result, results, null);
        GroundTruth doppelTruth = GroundTruth.read(results);
        assertEquals(5, doppelTruth.pairs().size());
        assertEquals("cats", doppelTruth.classOf("A/cats/g0.jpg"));
        assertEquals("B", doppelTruth.classOf("B/g0_small.jpg"));
        // imagededup-style predictions (relative paths) align with the Doppel keys where unambiguous.
        Scores back = Evaluation.evaluate(Set.of(ImagePair.of("cats/g0.jpg", "g0_small.jpg"),
                ImagePair.of("g0_small.jpg", "g1_small.jpg")), doppelTruth);
        assertEquals(new PairScores(1, 1, 4), back.overall());
        // The results file scored against itself is perfect on its direct pairs' precision.
        Scores self = Evaluation.evaluate(results, results);
        assertEquals(1.0, self.overall().precision());
        assertEquals(1.0, self.overall().recall());
    }

    @Test
    void sweepOverHammingAndCosineThresholds() throws IOException {
        Fixture f = Fixture.create(tmp.resolve("h"), 5, EncoderSpec.Metric.HAMMING);
        Path results = tmp.resolve("h.json");
        ResultsIO.write(f.result, results, null);
        ResultsFile r = ResultsIO.read(results);
        // Truth: only the original-copy pairs (score 1) and original-small pairs of groups 0 and 1 (scores 2, 3).
        Set<ImagePair> truePairs = Set.of(ImagePair.of("A/cats/g0.jpg", "A/g0_copy.png"),
                ImagePair.of("A/dogs/g3.jpg", "A/g3_copy.png"), ImagePair.of("A/cats/g0.jpg", "B/g0_small.jpg"),
                ImagePair.of("A/dogs/g1.jpg", "B/g1_small.jpg"));
        GroundTruth truth = GroundTruth.ofPairs(truePairs, Set.of());
        List<Evaluation.SweepRow> rows = Evaluation.sweep(r, truth, List.of(0.0, 1.0, 2.0, 3.0, 6.0, 12.0));
        // Pair scores: copies 1 (x2), smalls 2,3,4,5,6, small-copy 3 (x2).
        assertEquals(new PairScores(0, 0, 4), rows.get(0).scores());
        assertEquals(new PairScores(2, 0, 2), rows.get(1).scores());
        assertEquals(new PairScores(3, 0, 1), rows.get(2).scores());
        assertEquals(new PairScores(4, 2, 0), rows.get(3).scores());
        assertEquals(new PairScores(4, 5, 0), rows.get(4).scores());
        assertTrue(rows.get(4).complete());
        assertFalse(rows.get(5).complete());
        String table = Evaluation.sweepTable(rows);
        assertTrue(table.contains("12*"), table);
        assertTrue(Evaluation.sweepJson(rows).contains("\"complete\" : false"));
        assertEquals(11, Evaluation.defaultThresholds(r).size());

        Fixture c = Fixture.create(tmp.resolve("c"), 5, EncoderSpec.Metric.COSINE);
        Path cres = tmp.resolve("c.json");
        ResultsIO.write(c.result, cres, null);
        ResultsFile cr = ResultsIO.read(cres);
        List<Evaluation.SweepRow> crow = Evaluation.sweep(cr, truth, List.of(0.99, 0.98, 0.97));
        assertEquals(new PairScores(2, 0, 2), crow.get(0).scores());
        assertEquals(new PairScores(3, 0, 1), crow.get(1).scores());
        assertEquals(new PairScores(4, 2, 0), crow.get(2).scores());
        List<Double> ts = Evaluation.defaultThresholds(cr);
        assertEquals(0.9, ts.get(0));
        assertEquals(1.0, ts.get(ts.size() - 1));
        assertEquals(11, ts.size());
    }

    @Test
    void emptyCasesHaveNoNaN() {
        PairScores none = new PairScores(0, 0, 0);
        assertEquals(1.0, none.precision());
        assertEquals(1.0, none.recall());
        assertEquals(0.0, new PairScores(0, 3, 2).f1());
    }

    @Test
    void unreadableTruthIsAOneLineError() throws IOException {
        Path bad = tmp.resolve("truth.json");
        Files.writeString(bad, "{\"a.jpg\": [\"b.jpg\"");
        ResultsException e = assertThrows(ResultsException.class, () -> GroundTruth.read(bad));
        assertTrue(e.getMessage().contains("truth.json: not valid JSON"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }
}
