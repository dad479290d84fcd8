package doppel.encode.hash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import doppel.dataset.Dataset;
import doppel.dataset.ImageFile;
import doppel.encode.BitHash;
import doppel.image.ImageException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The imagededup mode against hashes computed by scripts/imagededup_reference.py (PIL + scipy + pywt, the
 * libraries imagededup uses) over the shared photos.
 */
class ImagededupCompatTest {
    private static final String[] NAMES = {"ahash", "dhash", "phash", "whash"};

    static Path sharedPhotos() {
        String prop = System.getProperty("doppel.shared.photos");
        Path dir = prop == null ? null : Path.of(prop);
        Assumptions.assumeTrue(dir != null && Files.isDirectory(dir),
                "shared photos not found (system property doppel.shared.photos = " + prop + "); skipping");
        return dir;
    }

    static List<String[]> golden(String resource) throws IOException {
        List<String[]> rows = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                ImagededupCompatTest.class.getResourceAsStream(resource), StandardCharsets.UTF_8))) {
            r.readLine();
            for (String line; (line = r.readLine()) != null; ) {
                rows.add(line.split("\t"));
            }
        }
        return rows;
    }

    /** Runs without the shared photos: small PNG/JPEG fixtures from scripts/make_synthetic_fixtures.py. */
    @Test
    void compatModeReproducesImagededupOnSyntheticFixtures() throws Exception {
        Path dir = Path.of(ImagededupCompatTest.class.getResource("/doppel/synthetic").toURI());
        Dataset ds = new Dataset("synthetic", dir);
        List<String[]> rows = golden("/doppel/synthetic-golden.tsv");
        assertEquals(6, rows.size());
        for (int h = 0; h < NAMES.length; h++) {
            HashEncoder enc = HashEncoders.create(NAMES[h], HashOptions.defaults().withCompatImagededup(true));
            for (String[] row : rows) {
                String got = ((BitHash) enc.encodeOne(new ImageFile(ds, row[0], 0, 0)).fingerprint()).toHex();
                assertEquals(row[h + 1], got, NAMES[h] + " of " + row[0]);
            }
        }
    }

    @Test
    void compatModeReproducesImagededupOnSharedPhotos() throws IOException {
        Path dir = sharedPhotos();
        Dataset ds = new Dataset("photos", dir);
        List<String[]> rows = golden("/doppel/imagededup-golden.tsv");
        HashOptions opts = HashOptions.defaults().withCompatImagededup(true).withWorkers(1);
        int total = 0;
        int mismatches = 0;
        for (int h = 0; h < NAMES.length; h++) {
            HashEncoder enc = HashEncoders.create(NAMES[h], opts);
            int bad = 0;
            int checked = 0;
            for (String[] row : rows) {
                if (row[h + 1].equals("-") || !Files.exists(dir.resolve(row[0]))) {
                    continue;
                }
                checked++;
                String got;
                try {
                    got = ((BitHash) enc.encodeOne(new ImageFile(ds, row[0], 0, 0)).fingerprint()).toHex();
                } catch (ImageException e) {
                    got = "skipped: " + e.getMessage();
                }
                if (!got.equals(row[h + 1])) {
                    bad++;
                    System.out.println("  " + NAMES[h] + " mismatch " + row[0] + ": imagededup " + row[h + 1] + ", doppel " + got
                            + (got.length() == row[h + 1].length() ? " (" + BitHash.fromHex(got).distance(BitHash.fromHex(row[h + 1])) + " bits)" : ""));
                }
            }
            System.out.printf("imagededup compat %s: %d of %d photos differ%n", NAMES[h], bad, checked);
            total += checked;
            mismatches += bad;
        }
        assertTrue(total > 0, "no golden photo was found in " + dir);
        assertTrue(mismatches <= total / 100, mismatches + " of " + total + " hashes differ from imagededup (over 1%)");
    }
}
