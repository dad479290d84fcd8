package doppel.act;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import doppel.dataset.Dataset;
import doppel.dataset.ImageFile;
import doppel.io.AtomicWrite;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A removal plan written by one program (the Spark job, {@code doppel find --plan-out}) and carried out by
 * another ({@code doppel apply}). JSON lines: a header, then one line per file to remove.
 *
 * <pre>{@code
 * {"format":"doppel-plan","version":1,"action":"remove","keep":"first-dir","encoder":"phash 64 bits","threshold":10,
 *  "cross_only":false,"datasets":[{"name":"A","root":"/data/A"}],"files":1}
 * {"dataset":"B","root":"/data/B","path":"x/1.jpg","size":1234,"mtime":1700000000000,"group":0,"kept":"A/x/1.jpg"}
 * }</pre>
 *
 * Reading is where a plan from elsewhere is distrusted: a line is refused (reported as a problem, never acted
 * on) when it does not parse, its file is missing, not a regular file or a symbolic link, its path leaves its
 * root (also through a linked folder), its dataset name could leave the target folder, it is listed twice, or
 * its {@code kept} image (optional) is missing or itself listed for removal, since then the file may be the
 * last copy. {@code size} and {@code mtime} (optional) are the values when the plan was made; the runner
 * leaves a file that changed since.
 */
public final class PlanFile {
    /** Value of the header's "format" field. */
    public static final String FORMAT = "doppel-plan";
    /** The format version written. */
    public static final int VERSION = 1;
    /** The newest version read: version 2 (the HTML report's export) adds content digests to version 1's fields. */
    private static final int NEWEST_READ = 2;

    private PlanFile() {
    }

    /**
     * The plan's header.
     *
     * @param keep      the keep policy that chose the kept images ({@code first-dir}, ...), or null
     * @param encoder   the encoder, in words, or null
     * @param threshold the search threshold, or null
     * @param crossOnly whether only cross-dataset pairs were searched
     */
    public record Header(String keep, String encoder, Double threshold, boolean crossOnly) {
    }

    /**
     * One file to remove.
     *
     * @param file  the file (size and mtime as when the plan was made)
     * @param group the duplicate group it belongs to, or -1
     * @param kept  the image of its group that stays, or null when the plan does not say
     */
    public record Entry(ImageFile file, int group, ImageFile kept) {
    }

    /**
     * A plan as read.
     *
     * @param header   the header
     * @param entries  the lines that passed every check
     * @param problems one line per refused line: "line N: path: reason"
     */
    public record Contents(Header header, List<Entry> entries, List<String> problems) {
        public Contents {
            entries = List.copyOf(entries);
            problems = List.copyOf(problems);
        }

        /** The files to remove. */
        public List<ImageFile> files() {
            return entries.stream().map(Entry::file).toList();
        }
    }

    /**
     * Writes a plan atomically (temp file and rename).
     *
     * @param datasets the datasets searched, in precedence order (recorded so readers can find kept images)
     */
    public static void write(Path file, Header header, List<Dataset> datasets, List<Entry> entries) {
        ObjectNode h = Journal.JSON.createObjectNode();
        h.put("format", FORMAT);
        h.put("version", VERSION);
        h.put("action", "remove");
        if (header.keep() != null) {
            h.put("keep", header.keep());
        }
        if (header.encoder() != null) {
            h.put("encoder", header.encoder());
        }
        if (header.threshold() != null) {
            h.put("threshold", header.threshold());
        }
        h.put("cross_only", header.crossOnly());
        var ds = h.putArray("datasets");
        for (Dataset d : datasets) {
            ds.addObject().put("name", d.name()).put("root", d.root().toString());
        }
        h.put("files", entries.size());
        try {
            Path tmp = AtomicWrite.tempBeside(file, ".tmp");
            try {
                try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                    w.write(Journal.JSON.writeValueAsString(h));
                    w.newLine();
                    for (Entry e : entries) {
                        ObjectNode line = Journal.JSON.createObjectNode();
                        ImageFile f = e.file();
                        line.put("dataset", f.dataset().name());
                        line.put("root", f.dataset().root().toString());
                        line.put("path", f.relativePath());
                        line.put("size", f.size());
                        line.put("mtime", f.mtimeMillis());
                        if (e.group() >= 0) {
                            line.put("group", e.group());
                        }
                        if (e.kept() != null) {
                            line.put("kept", e.kept().key());
                        }
                        w.write(Journal.JSON.writeValueAsString(line));
                        w.newLine();
                    }
                }
                AtomicWrite.commit(tmp, file.toAbsolutePath());
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write plan " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads and checks a plan; see the class comment for what is refused.
     *
     * @throws IllegalArgumentException when the file is missing, or is not a plan of a version this reads
     */
    public static Contents read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no such plan file: " + file);
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read plan " + file + ": " + e.getMessage());
        }
        int first = 0;
        while (first < lines.size() && lines.get(first).isBlank()) {
            first++;
        }
        JsonNode h = first < lines.size() ? parse(lines.get(first)) : null;
        if (h == null || !FORMAT.equals(h.path("format").asText())) {
            throw new IllegalArgumentException("not a doppel plan: " + file
                    + " (the first line must be a {\"format\":\"" + FORMAT + "\",...} header)");
        }
        int version = h.path("version").asInt(-1);
        if (version < 1 || version > NEWEST_READ) {
            throw new IllegalArgumentException("plan " + file + " has format version " + h.path("version")
                    + "; this doppel reads versions 1 to " + NEWEST_READ);
        }
        if (h.has("action") && !"remove".equals(h.path("action").asText())) {
            throw new IllegalArgumentException("plan " + file + " asks for action '" + h.path("action").asText()
                    + "'; doppel apply only removes files");
        }
        JsonNode enc = h.path("encoder");
        String encoder = enc.isTextual() ? enc.asText() : enc.isObject() ? enc.path("name").asText(null) : null;
        Header header = new Header(h.hasNonNull("keep") ? h.path("keep").asText() : null, encoder,
                h.path("threshold").isNumber() ? h.path("threshold").asDouble() : null, h.path("cross_only").asBoolean());

        Map<String, Path> roots = new LinkedHashMap<>();
        for (JsonNode d : h.path("datasets")) {
            if (d.path("name").isTextual() && d.path("root").isTextual()) {
                roots.putIfAbsent(d.path("name").asText(), Path.of(d.path("root").asText()));
            }
        }
        List<String> problems = new ArrayList<>();
        List<Candidate> candidates = new ArrayList<>();
        Set<Path> listed = new HashSet<>();
        for (int i = first + 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            Candidate c = check(i + 1, lines.get(i), problems);
            if (c == null) {
                continue;
            }
            if (!listed.add(c.path)) {
                problems.add("line " + c.line + ": " + c.path + ": listed twice");
                continue;
            }
            roots.putIfAbsent(c.file.dataset().name(), c.file.dataset().root());
            candidates.add(c);
        }
        List<Entry> entries = new ArrayList<>();
        for (Candidate c : candidates) {
            ImageFile kept = null;
            if (c.keptKey != null) {
                kept = resolveKept(c.keptKey, roots);
                String why = kept == null ? "its kept image " + c.keptKey + " is missing or unknown"
                        : kept.path().equals(c.path) ? "it is its own kept image"
                        : listed.contains(kept.path()) ? "its kept image " + c.keptKey + " is listed for removal too"
                        : null;
                if (why != null) {
                    problems.add("line " + c.line + ": " + c.path + ": " + why + "; it may be the last copy, not acted on");
                    continue;
                }
            }
            entries.add(new Entry(c.file, c.group, kept));
        }
        return new Contents(header, entries, problems);
    }

    /** A line that passed the checks of its own. */
    private record Candidate(int line, ImageFile file, Path path, int group, String keptKey) {
    }

    private static Candidate check(int lineNo, String text, List<String> problems) {
        JsonNode n = parse(text);
        String where = "line " + lineNo + ": ";
        if (n == null) {
            problems.add(where + "not a JSON object");
            return null;
        }
        if (!n.path("dataset").isTextual() || !n.path("root").isTextual() || !n.path("path").isTextual()) {
            problems.add(where + "needs \"dataset\", \"root\" and \"path\" strings");
            return null;
        }
        String name = n.path("dataset").asText();
        String rel = n.path("path").asText();
        Path root;
        Path file;
        try {
            root = Path.of(n.path("root").asText());
            if (!root.isAbsolute()) {
                problems.add(where + rel + ": root " + root + " is not an absolute path");
                return null;
            }
            root = root.normalize();
            Path relPath = Path.of(rel);
            file = root.resolve(relPath).normalize();
            if (rel.isEmpty() || relPath.isAbsolute() || !file.startsWith(root) || file.equals(root)) {
                problems.add(where + rel + ": path escapes its root " + root + ", not acted on");
                return null;
            }
        } catch (InvalidPathException e) {
            problems.add(where + "invalid path: " + e.getMessage());
            return null;
        }
        if (!safeName(name)) {
            problems.add(where + file + ": dataset name '" + name + "' is not a plain folder name, not acted on");
            return null;
        }
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            problems.add(where + file + ": missing");
            return null;
        }
        if (a.isSymbolicLink() || !a.isRegularFile()) {
            problems.add(where + file + ": " + (a.isSymbolicLink() ? "a symbolic link" : "not a regular file")
                    + ", not acted on");
            return null;
        }
        try {
            if (!file.toRealPath().startsWith(root.toRealPath())) {
                problems.add(where + file + ": lies outside its root " + root + " through a linked folder, not acted on");
                return null;
            }
        } catch (IOException e) {
            problems.add(where + file + ": cannot resolve: " + e.getMessage());
            return null;
        }
        long size = n.path("size").isIntegralNumber() ? n.path("size").asLong() : a.size();
        long mtime = n.path("mtime").isIntegralNumber() ? n.path("mtime").asLong() : a.lastModifiedTime().toMillis();
        String relative = root.relativize(file).toString().replace('\\', '/');
        ImageFile image = new ImageFile(new Dataset(name, root), relative, size, mtime);
        String kept = n.path("kept").isTextual() ? n.path("kept").asText() : null;
        return new Candidate(lineNo, image, file, n.path("group").asInt(-1), kept);
    }

    /** True when a dataset name, used as a folder path below the target, cannot leave the target. */
    private static boolean safeName(String name) {
        if (name.isBlank() || name.startsWith("/") || name.contains("\\") || name.indexOf('\0') >= 0) {
            return false;
        }
        for (String part : name.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                return false;
            }
        }
        return true;
    }

    /** The kept image named by "dataset/path", when it exists as a regular file inside its root. */
    private static ImageFile resolveKept(String key, Map<String, Path> roots) {
        String best = null;
        for (String name : roots.keySet()) {
            if (key.startsWith(name + "/") && (best == null || name.length() > best.length())) {
                best = name;
            }
        }
        if (best == null) {
            return null;
        }
        Path root = roots.get(best).normalize();
        Path p;
        try {
            p = root.resolve(key.substring(best.length() + 1)).normalize();
        } catch (InvalidPathException e) {
            return null;
        }
        if (!p.startsWith(root) || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return new ImageFile(new Dataset(best, root), root.relativize(p).toString().replace('\\', '/'), a.size(),
                    a.lastModifiedTime().toMillis());
        } catch (IOException e) {
            return null;
        }
    }

    private static JsonNode parse(String line) {
        try {
            JsonNode n = Journal.JSON.readTree(line);
            return n != null && n.isObject() ? n : null;
        } catch (IOException e) {
            return null;
        }
    }
}
