package doppel.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The labelled-set generator and the calibration program live outside the shipped sources
 * ({@code src/bench/java}); this compiles both against the current classes and runs the generator on a few
 * real photos: the truth it writes is readable by {@code doppel evaluate}, and the same seed gives the same files.
 */
class LabelledSetGeneratorTest {
    private static final Path PHOTOS = Path.of("../shared/photos");
    private static final Path BENCH = Path.of("src/bench/java/doppel/labelled");

    @TempDir
    Path tmp;

    @Test
    void compilesAndMakesTheSameLabelledSetForTheSameSeed() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(PHOTOS), "skipped: " + PHOTOS + " (the shared real photos) is absent");
        Path classes = tmp.resolve("classes");
        Files.createDirectories(classes);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                BENCH.resolve("MakeLabelledSet.java").toString(), BENCH.resolve("Calibrate.java").toString());
        assertEquals(0, rc, "src/bench/java compiles");

        Path src = tmp.resolve("photos");
        Files.createDirectories(src);
        try (Stream<Path> s = Files.list(PHOTOS)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".jpg")).sorted().limit(5).toList()) {
                Files.copy(p, src.resolve(p.getFileName()));
            }
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            var main = loader.loadClass("doppel.labelled.MakeLabelledSet").getMethod("main", String[].class);
            for (String out : List.of("one", "two")) {
                main.invoke(null, (Object) new String[] {tmp.resolve(out).toString(), "--seed", "7", "--edits", "3",
                        "--src", src.toString()});
            }
        }
        GroundTruth truth = GroundTruth.read(tmp.resolve("one/truth.json"));
        // 5 photos: 1 distractor, 4 families of an original and 3 copies: 4 x 6 true pairs
        assertEquals(24, truth.pairs().size());
        JsonNode kinds = new ObjectMapper().readTree(tmp.resolve("one/kinds.json").toFile());
        assertEquals(12, kinds.get("kinds").size());
        kinds.get("kinds").properties().forEach(e -> assertTrue(
                truth.pairs().contains(doppel.results.ImagePair.of(e.getKey(), e.getValue().get("original").asText())),
                e.getKey() + " is a true duplicate of its original"));
        for (String file : List.of("truth.json", "kinds.json")) {
            assertArrayEquals(Files.readAllBytes(tmp.resolve("one").resolve(file)),
                    Files.readAllBytes(tmp.resolve("two").resolve(file)), file);
        }
        for (String key : kinds.get("kinds").properties().stream().map(java.util.Map.Entry::getKey).toList()) {
            assertArrayEquals(Files.readAllBytes(tmp.resolve("one").resolve(key)), Files.readAllBytes(tmp.resolve("two").resolve(key)),
                    key + " is the same for the same seed");
        }
    }
}
