package doppel.cli;

import java.nio.file.Path;
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
}
