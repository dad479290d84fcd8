package doppel.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import doppel.encode.EncoderSpec;
import doppel.results.Fixture;
import doppel.results.ResultsIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DupStatsTest {
    @TempDir
    Path tmp;

    @Test
    void countsPerDatasetAndFolder() throws IOException {
        // 4 groups: A has cats/g0, cats/g2, dogs/g1, dogs/g3, g0_copy.png, g3_copy.png, lone.png; B has 4 smalls.
        Fixture f = Fixture.create(tmp, 4, EncoderSpec.Metric.HAMMING);
        Path results = tmp.resolve("results.json");
        ResultsIO.write(f.result, results, null);
        DupStats s = DupStats.of(List.of(results));
        assertEquals(11, s.images());
        assertEquals(6, s.duplicates());
        assertEquals(4, s.groups());
        assertEquals(List.of(new DupStats.Row("A", 7, 2), new DupStats.Row("B", 4, 4)), s.datasets());
        assertEquals(List.of(new DupStats.Row("A", 3, 2), new DupStats.Row("A/cats", 2, 0),
                new DupStats.Row("A/dogs", 2, 0), new DupStats.Row("B", 4, 4)), s.folders());
        assertEquals(2.5, s.medianImagesPerFolder());
        assertEquals(1.0, s.medianDuplicatesPerFolder());
        assertTrue(s.table().contains("median images per folder: 2.5"), s.table());
        assertTrue(s.table().lines().anyMatch(l -> l.matches("B\\s+4\\s+4\\s+100\\.00%")), s.table());
        JsonNode json = new ObjectMapper().readTree(s.toJson());
        assertEquals(6, json.get("duplicates").asInt());
        assertEquals("A/cats", json.get("folders").get(1).get("name").asText());
    }

    @Test
    void withoutFolderCountsImagesAreUnknown() throws IOException {
        Fixture f = Fixture.create(tmp, 3, EncoderSpec.Metric.HAMMING);
        Path results = tmp.resolve("results.json");
        ResultsIO.write(f.result, results, null);
        // A results file from an older writer without per-dataset counts.
        String text = Files.readString(results).replaceAll(",\"images\":\\d+,\"folders\":\\{[^}]*\\}", "");
        assertTrue(!text.contains("folders"), text);
        Files.writeString(results, text);
        DupStats s = DupStats.of(List.of(results));
        assertEquals(-1, s.images());
        assertEquals(4, s.duplicates());
        assertTrue(Double.isNaN(s.medianImagesPerFolder()));
        // Folders with duplicates: A (g0_copy) 1, B 3 -> median 2.
        assertEquals(2.0, s.medianDuplicatesPerFolder());
        assertTrue(s.table().contains("images: unknown"), s.table());
    }
}
