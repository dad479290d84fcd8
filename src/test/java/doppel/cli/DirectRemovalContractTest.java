package doppel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The removal contract on real photos and edits of them: for {@code find --dirs A B --encoder E --out d.json},
 * every key in {@code remove} of {@code d.doppel.json} has a direct entry in {@code pairs} with its group's
 * {@code kept} key, and every {@code --plan-out} line names a kept image it is directly paired with; at the
 * default threshold and at a loose one, where chains of pairs through other images are certain.
 */
class DirectRemovalContractTest extends TwoDatasetsTest {
    private static final Path PHOTOS = Path.of("../shared/photos");
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeEach
    void photosAndEdits() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(PHOTOS), "skipped: " + PHOTOS + " (the shared real photos) is absent");
        List<Path> photos;
        try (Stream<Path> s = Files.list(PHOTOS)) {
            photos = s.filter(p -> p.toString().endsWith(".jpg")).sorted().limit(15).toList();
        }
        Files.createDirectories(a);
        Files.createDirectories(b);
        for (int i = 0; i < photos.size(); i++) {
            Path photo = photos.get(i);
            Files.copy(photo, a.resolve(photo.getFileName()));
            if (i % 3 == 2) {
                continue; // a photo without copies
            }
            BufferedImage img = ImageIO.read(photo.toFile());
            int w = img.getWidth();
            int h = img.getHeight();
            String stem = photo.getFileName().toString().replace(".jpg", "");
            CliTestImages.writeJpeg(CliTestImages.resized(img, w * 3 / 5, h * 3 / 5), b.resolve(stem + "-small.jpg"), 0.4f);
            CliTestImages.writeJpeg(region(img, w / 12, h / 12, w - w / 6, h - h / 6), b.resolve(stem + "-crop.jpg"), 0.8f);
            CliTestImages.writePng(mirrored(img), a.resolve(stem + "-flip.png"));
        }
    }

    @Test
    void everyRemovedFileIsADirectDuplicateOfItsKeptImage() throws IOException {
        boolean chainSeen = false;
        for (List<String> encoder : List.of(List.of("phash"), List.of("dhash"), List.of("ahash"), List.of("whash"),
                List.of("phash", "--dihedral"))) {
            Path encodings = tmp.resolve(String.join("", encoder) + ".enc.json");
            for (String threshold : new String[] {null, "20"}) {
                Path out = tmp.resolve(String.join("", encoder) + threshold + ".json");
                Path plan = tmp.resolve(String.join("", encoder) + threshold + ".plan");
                List<String> args = new java.util.ArrayList<>(List.of("find", "--dirs", a.toString(), b.toString(),
                        "--out", out.toString(), "--plan-out", plan.toString(), "-q", "--encoder"));
                args.addAll(encoder);
                // the loose run reuses the default run's encodings: only the search differs
                args.addAll(threshold == null ? List.of("--encodings-out", encodings.toString())
                        : List.of("--encodings-in", encodings.toString(), "--threshold", threshold));
                FindCommandTest.Run run = FindCommandTest.run(args.toArray(String[]::new));
                assertEquals(0, run.exit(), run.err());
                chainSeen |= check(tmp.resolve(out.getFileName().toString().replace(".json", ".doppel.json")), plan,
                        encoder + " threshold " + threshold);
            }
        }
        assertTrue(chainSeen, "the loose runs should link some image to a group only through a chain");
    }

    /** Checks the contract on one run's files; true when some paired image is neither kept nor removed. */
    private static boolean check(Path results, Path plan, String what) throws IOException {
        JsonNode r = JSON.readTree(results.toFile());
        Set<String> direct = new HashSet<>();
        Set<String> paired = new HashSet<>();
        for (JsonNode p : r.get("pairs")) {
            direct.add(p.get(0).asText() + "\n" + p.get(1).asText());
            direct.add(p.get(1).asText() + "\n" + p.get(0).asText());
            paired.add(p.get(0).asText());
            paired.add(p.get(1).asText());
        }
        Map<String, String> keptFor = new HashMap<>();
        for (JsonNode g : r.get("groups")) {
            for (JsonNode m : g.get("members")) {
                if (!m.get("key").asText().equals(g.get("kept").asText())) {
                    keptFor.put(m.get("key").asText(), g.get("kept").asText());
                }
            }
        }
        assertFalse(r.get("remove").isEmpty(), what + ": the edits are duplicates");
        Set<String> removed = new HashSet<>();
        for (JsonNode k : r.get("remove")) {
            String key = k.asText();
            removed.add(key);
            assertTrue(keptFor.containsKey(key), what + ": " + key + " is removed but in no group");
            assertTrue(direct.contains(key + "\n" + keptFor.get(key)),
                    what + ": " + key + " is removed with no direct pair with its kept image " + keptFor.get(key));
            assertFalse(keptFor.containsValue(key), what + ": " + key + " is both kept and removed");
        }
        assertEquals(keptFor.keySet(), removed, what + ": group members other than the kept one are the files removed");
        List<String> lines = Files.readAllLines(plan);
        int entries = 0;
        for (String line : lines.subList(1, lines.size())) {
            JsonNode e = JSON.readTree(line);
            String key = e.get("dataset").asText() + "/" + e.get("path").asText();
            assertTrue(direct.contains(key + "\n" + e.get("kept").asText()), what + ": plan line " + line);
            entries++;
        }
        assertEquals(removed.size(), entries, what + ": one plan line per removed file");
        paired.removeAll(removed);
        paired.removeAll(keptFor.values());
        return !paired.isEmpty();
    }

    private static BufferedImage region(BufferedImage img, int x, int y, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(img.getSubimage(x, y, w, h), 0, 0, null);
        g.dispose();
        return out;
    }

    private static BufferedImage mirrored(BufferedImage img) {
        BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(img, img.getWidth(), 0, -img.getWidth(), img.getHeight(), null);
        g.dispose();
        return out;
    }
}
