package doppel.aesthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Round trip of scripts/convert_laion_aesthetic.py: a randomly initialised network with the layout of LAION's
 * aesthetic predictor is saved as a state dict, converted, loaded as an {@link AestheticHead}, and must score
 * like torch does. Needs /usr/bin/python3 with torch; skipped with a message otherwise.
 */
class LaionConverterTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    /** Exit status of the reference script when torch is missing. */
    private static final int NO_TORCH = 77;

    /**
     * Builds LAION's layout, saves its state dict, writes torch's scores of a few embeddings, and saves a state
     * dict of another network for the refusal check.
     */
    private static final String MAKE_REFERENCE = """
            import json, sys
            try:
                import torch, torch.nn as nn
            except ImportError:
                sys.exit(%d)
            class AestheticPredictor(nn.Module):
                def __init__(self, d):
                    super().__init__()
                    self.layers = nn.Sequential(nn.Linear(d, 1024), nn.Dropout(0.2), nn.Linear(1024, 128),
                        nn.Dropout(0.2), nn.Linear(128, 64), nn.Dropout(0.1), nn.Linear(64, 16), nn.Linear(16, 1))
                def forward(self, x):
                    return self.layers(x)
            torch.manual_seed(7)
            m = AestheticPredictor(768).eval()
            torch.save(m.state_dict(), sys.argv[1])
            x = torch.randn(4, 768)
            with torch.no_grad():
                y = m(x / x.norm(dim=-1, keepdim=True)).squeeze(1)
            json.dump({"embeddings": x.tolist(), "scores": y.tolist()}, open(sys.argv[2], "w"))
            torch.save({"fc.weight": torch.zeros(1, 4)}, sys.argv[3])
            """.formatted(NO_TORCH);

    @TempDir
    Path tmp;

    @Test
    void convertedHeadScoresLikeTorch() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PYTHON), "skipped: /usr/bin/python3 is not installed");
        Path script = Path.of("scripts/convert_laion_aesthetic.py").toAbsolutePath();
        Assumptions.assumeTrue(Files.isRegularFile(script), "skipped: " + script + " not found (run from the project root)");

        Path pth = tmp.resolve("laion-random.pth");
        Path reference = tmp.resolve("reference.json");
        Path head = tmp.resolve("laion-random.json");
        Path gen = tmp.resolve("make_reference.py");
        Files.writeString(gen, MAKE_REFERENCE);
        Path notLaion = tmp.resolve("other.pth");
        Result made = run(List.of(PYTHON.toString(), gen.toString(), pth.toString(), reference.toString(), notLaion.toString()));
        Assumptions.assumeTrue(made.exit != NO_TORCH,
                "skipped: torch is not installed for /usr/bin/python3 (apt-get install python3-torch)");
        assertEquals(0, made.exit, made.output);
        Result converted = run(List.of(PYTHON.toString(), script.toString(), pth.toString(), head.toString()));
        assertEquals(0, converted.exit, converted.output);
        assertTrue(converted.output.contains("768 -> 1024 -> 128 -> 64 -> 16 -> 1"), converted.output);

        AestheticHead h = AestheticHead.load(head);
        assertEquals(768, h.inputDim());
        assertTrue(h.normalizeInput());
        assertEquals(5, h.layers().size());
        JsonNode ref = new ObjectMapper().readTree(reference.toFile());
        for (int i = 0; i < ref.get("scores").size(); i++) {
            JsonNode e = ref.get("embeddings").get(i);
            float[] emb = new float[e.size()];
            for (int j = 0; j < emb.length; j++) {
                emb[j] = (float) e.get(j).asDouble();
            }
            // torch computes in float32, the head in double: equal to float32 rounding of the sums.
            assertEquals(ref.get("scores").get(i).asDouble(), h.score(emb), 1e-5, "embedding " + i);
        }

        Result refused = run(List.of(PYTHON.toString(), script.toString(), notLaion.toString(), tmp.resolve("x.json").toString()));
        assertEquals(1, refused.exit, refused.output);
        assertTrue(refused.output.contains("missing layers.0.weight / layers.0.bias; this is not LAION's aesthetic predictor"),
                refused.output);
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, "timed out: " + command);
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
