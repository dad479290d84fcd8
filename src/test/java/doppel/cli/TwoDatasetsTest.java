package doppel.cli;

import doppel.testing.Trees;
import java.io.IOException;
import java.nio.file.Path;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test on two dataset folders, {@code A} and {@code B}, in a fresh temp dir. JUnit runs this class's
 * {@code @BeforeEach} first, so a subclass's own {@code @BeforeEach} can fill {@link #a} and {@link #b}.
 */
abstract class TwoDatasetsTest {
    @TempDir
    Path tmp;
    Path a;
    Path b;

    @BeforeEach
    void nameDatasets() {
        a = tmp.resolve("A");
        b = tmp.resolve("B");
    }

    /** SHA-256 of every file of both datasets, keyed "A/path" and "B/path": equal maps mean nothing changed. */
    TreeMap<String, String> trees() throws IOException {
        TreeMap<String, String> all = new TreeMap<>();
        Trees.digest(a).forEach((k, v) -> all.put("A/" + k, v));
        Trees.digest(b).forEach((k, v) -> all.put("B/" + k, v));
        return all;
    }

    /** The folder a test moves duplicates into. */
    Path dups() {
        return tmp.resolve("dups");
    }
}
