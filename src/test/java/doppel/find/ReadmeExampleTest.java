package doppel.find;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import doppel.cli.CliTestImages;
import doppel.cli.Main;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first java block is the complete {@code Example} it says it is: compiled as written against the
 * built classes, run on real photos and edits of them, it prints exactly the {@code remove} list of
 * {@code find --dirs A B --out d.json}, as absolute paths, in at most 30 lines.
 */
class ReadmeExampleTest {
    @TempDir
    Path tmp;

    static String firstJavaBlock() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertTrue(m.find(), "README.md has no java block");
        return m.group(1);
    }

    @Test
    void readmeExampleCompilesRunsAndPrintsWhatFindRemoves() throws Exception {
        Path photos = Path.of(System.getProperty("doppel.shared.photos", "../shared/photos"));
        Assumptions.assumeTrue(Files.isDirectory(photos), "shared photos not found at " + photos + "; skipping");
        String source = firstJavaBlock();
        assertTrue(source.contains("public class Example"), source);
        assertTrue(source.split("\n").length <= 30, "the example must fit in 30 lines");

        // A: six real photos; B: edits of three of them (downscaled, re-encoded, a small crop) and a distinct photo.
        Path a = tmp.resolve("A");
        Path b = tmp.resolve("B");
        Files.createDirectories(a);
        Files.createDirectories(b);
        for (int i = 1; i <= 6; i++) {
            String name = String.format("p%04d.jpg", i);
            Files.copy(photos.resolve(name), a.resolve(name));
        }
        Files.copy(photos.resolve("p0007.jpg"), b.resolve("other.jpg"));
        for (int i = 1; i <= 3; i++) {
            BufferedImage img = ImageIO.read(a.resolve(String.format("p%04d.jpg", i)).toFile());
            int w = img.getWidth();
            int h = img.getHeight();
            CliTestImages.writeJpeg(CliTestImages.resized(img, w / 2, h / 2), b.resolve("half" + i + ".jpg"), 0.7f);
            if (i == 1) {
                CliTestImages.writeJpeg(img.getSubimage(w / 50, h / 50, w - w / 25, h - h / 25), b.resolve("crop1.jpg"), 0.9f);
            }
        }

        Path src = tmp.resolve("src/Example.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, source);
        Path classes = tmp.resolve("classes");
        Files.createDirectories(classes);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, diagnostics, diagnostics, "-cp", System.getProperty("java.class.path"),
                "-d", classes.toString(), src.toString());
        assertEquals(0, rc, diagnostics.toString(StandardCharsets.UTF_8));

        String printed;
        PrintStream oldOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader());
             PrintStream capture = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            loader.loadClass("Example").getMethod("main", String[].class)
                    .invoke(null, (Object) new String[] {a.toString(), b.toString()});
        } finally {
            System.setOut(oldOut);
        }
        printed = out.toString(StandardCharsets.UTF_8);

        Path d = tmp.resolve("d.json");
        assertEquals(0, Main.run("find", "--dirs", a.toString(), b.toString(), "--out", d.toString(), "-q"));
        JsonNode results = new ObjectMapper().readTree(tmp.resolve("d.doppel.json").toFile());
        Map<String, Path> roots = new HashMap<>();
        results.get("datasets").forEach(ds -> roots.put(ds.get("name").asText(), Path.of(ds.get("root").asText())));
        List<String> expected = new ArrayList<>();
        for (JsonNode key : results.get("remove")) {
            String k = key.asText();
            int slash = k.indexOf('/');
            expected.add(roots.get(k.substring(0, slash)).resolve(k.substring(slash + 1)).toString());
        }
        assertTrue(expected.size() >= 3, "the edits are found: " + expected);
        List<String> lines = printed.isEmpty() ? List.of() : List.of(printed.split(File.separator.equals("\\") ? "\r?\n" : "\n"));
        assertEquals(expected, lines);
    }
}
