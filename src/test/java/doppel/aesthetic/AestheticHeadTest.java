package doppel.aesthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AestheticHeadTest {
    @TempDir
    Path tmp;

    private Path head(String name, String json) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, json);
        return p;
    }

    private static String headJson(int inputDim, boolean normalize, String layers) {
        return "{\"format\":\"doppel-aesthetic-head\",\"version\":1,\"input_dim\":" + inputDim
                + ",\"normalize_input\":" + normalize + ",\"layers\":[" + layers + "]}";
    }

    @Test
    void linearHeadScoresLikeHandComputation() throws IOException {
        AestheticHead raw = AestheticHead.load(head("lin.json",
                headJson(3, false, "{\"weight\":[[0.5,-1,2]],\"bias\":[0.25],\"activation\":\"none\"}")));
        assertEquals(3, raw.inputDim());
        assertEquals("lin.json", raw.name());
        // 0.5*1 - 1*2 + 2*3 + 0.25
        assertEquals(4.75f, raw.score(new float[] {1, 2, 3}), 1e-6);

        AestheticHead normalized = AestheticHead.load(head("lin-norm.json",
                headJson(3, true, "{\"weight\":[[0.5,-1,2]],\"bias\":[0.25]}")));
        double n = Math.sqrt(1 + 4 + 9);
        assertEquals((float) ((0.5 - 2 + 6) / n + 0.25), normalized.score(new float[] {1, 2, 3}), 1e-6);
        // Normalisation makes the score independent of the embedding's length.
        assertEquals(normalized.score(new float[] {1, 2, 3}), normalized.score(new float[] {10, 20, 30}), 1e-6);
    }

    @Test
    void mlpFixtureScoresLikeHandComputation() throws IOException, URISyntaxException {
        Path fixture = Path.of(getClass().getResource("/doppel/aesthetic/tiny-mlp-head.json").toURI());
        AestheticHead mlp = AestheticHead.load(fixture);
        assertEquals(2, mlp.layers().size());
        assertFalse(mlp.normalizeInput());
        // x=(1,2): hidden relu(-1, 3, 0.5) = (0, 3, 0.5); out = 0 + 6 - 0.5 + 0.5
        assertEquals(6.0f, mlp.score(new float[] {1, 2}), 1e-6);
        // x=(3,-1): hidden relu(4, 4, -3) = (4, 4, 0); out = 4 + 8 - 0 + 0.5
        assertEquals(12.5f, mlp.score(new float[] {3, -1}), 1e-6);
    }

    @Test
    void wrongDimensionsAreOneLineErrorsNamingTheFile() throws IOException {
        assertError("bad-row.json", headJson(3, true, "{\"weight\":[[1,2]],\"bias\":[0]}"),
                "bad-row.json: layer 0: weight row 0 has 2 values, expected 3 (input_dim)");
        assertError("bad-chain.json", headJson(2, true,
                        "{\"weight\":[[1,2],[3,4]],\"bias\":[0,0],\"activation\":\"relu\"},{\"weight\":[[1,2,3]],\"bias\":[0]}"),
                "bad-chain.json: layer 1: weight row 0 has 3 values, expected 2 (outputs of layer 0)");
        assertError("bad-bias.json", headJson(2, true, "{\"weight\":[[1,2]],\"bias\":[0,1]}"),
                "bad-bias.json: layer 0: bias has 2 values, expected 1 (weight rows)");
        assertError("two-out.json", headJson(2, true, "{\"weight\":[[1,2],[3,4]],\"bias\":[0,1]}"),
                "two-out.json: last layer has 2 outputs, expected 1 (the score)");
        assertError("no-layers.json", headJson(2, true, ""), "no-layers.json: no layers");
        assertError("act.json", headJson(2, true, "{\"weight\":[[1,2]],\"bias\":[0],\"activation\":\"gelu\"}"),
                "act.json: layer 0: unknown activation \"gelu\" (use \"relu\" or \"none\")");
        assertError("nan.json", headJson(2, true, "{\"weight\":[[1,\"x\"]],\"bias\":[0]}"),
                "nan.json: layer 0: weight row 0: value 1 is not a finite number");
    }

    @Test
    void badJsonAndWrongFormatAreOneLineErrors() throws IOException {
        InvalidHeadException e = assertThrows(InvalidHeadException.class,
                () -> AestheticHead.load(head("broken.json", "{\"format\": \"doppel-aesthetic-head\",\n \"layers\": [")));
        assertTrue(e.getMessage().startsWith("broken.json: not valid JSON (line "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());

        assertError("other.json", "{\"format\":\"something-else\"}", "other.json: \"format\" must be \"doppel-aesthetic-head\"");
        assertError("v2.json", "{\"format\":\"doppel-aesthetic-head\",\"version\":2}",
                "v2.json: unsupported \"version\" 2 (this build reads version 1)");
        assertError("array.json", "[1,2]", "array.json: expected a JSON object");

        InvalidHeadException missing = assertThrows(InvalidHeadException.class,
                () -> AestheticHead.load(tmp.resolve("absent.json")));
        assertTrue(missing.getMessage().startsWith(tmp.resolve("absent.json") + ": no such file (make one from LAION's"),
                missing.getMessage());
        assertTrue(missing.getMessage().contains("scripts/convert_laion_aesthetic.py"), missing.getMessage());
    }

    @Test
    void embeddingOfWrongDimensionIsRefused() throws IOException {
        AestheticHead h = AestheticHead.load(head("lin.json", headJson(3, true, "{\"weight\":[[1,1,1]],\"bias\":[0]}")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> h.score(new float[4]));
        assertTrue(e.getMessage().contains("expects 3-d embeddings, got 4-d"), e.getMessage());
    }

    private void assertError(String name, String json, String expected) throws IOException {
        Path p = head(name, json);
        InvalidHeadException e = assertThrows(InvalidHeadException.class, () -> AestheticHead.load(p));
        assertEquals(expected, e.getMessage());
    }
}
