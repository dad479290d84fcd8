package doppel.act;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import doppel.dataset.Dataset;
import doppel.dataset.ImageFile;
import doppel.encode.EncoderSpec;
import doppel.io.AtomicWrite;
import doppel.io.Sha256;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
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
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A removal plan written by one program (the Spark job, {@code doppel find --plan-out}) and carried out by
 * another ({@code doppel apply}). JSON lines: a header, then one line per file to remove (format version 2).
 *
 * <pre>{@code
 * {"format":"doppel-plan","version":2,"action":"remove","keep":"first-dir",
 *  "encoder":{"name":"phash","metric":"HAMMING","size":64,"params":{"hash_size":"8"},"variant_params":{...}},
 *  "threshold":10,"cross_only":false,"datasets":[{"name":"A","root":"/data/A"},{"name":"B","root":"/data/B"}],"files":1}
 * {"dataset":"B","root":"/data/B","path":"x/1.jpg","size":1234,"mtime":1700000000000,"sha256":"9f86...",
 *  "group":0,"kept":"A/x/1.jpg","kept_size":1200,"kept_sha256":"2c26...","score":3,"proof":"fingerprint"}
 * {"dataset":"B","root":"/data/B","path":"x/2.jpg",...,"score":17,"proof":"verified",
 *  "evidence":{"inliers":137,"matches":149,"scale":1.11,"angle":-0.1,"flip":false}}
 * }</pre>
 *
 * Reading is where a plan from elsewhere is distrusted. The plan is refused whole when it is not version 2
 * (version 1 carries no content digests), names no encoder object or threshold, or names a dataset root that is
 * not an existing folder or is a file system root. A line is refused (reported as a problem, never acted on)
 * when it does not parse, lacks a digest or its kept image, its root is not one of the header's datasets, its
 * file is missing, not a regular file or a symbolic link, its path leaves its root (also through a linked
 * folder), it is listed twice, its kept image is missing or itself listed, or it names an unknown
 * {@link RemovalProof} (a line without {@code proof}, as older version 2 plans are, claims a fingerprint proof), or
 * evidence whose {@code alpha} (which image was verified composited onto white) is not one apply can redo.
 * {@link Contents#confirmed} then holds every line to {@link RemovalCheck}: both digests, and the pair proven again
 * from the files by the kind of proof it claims (re-fingerprinted, or verified geometrically).
 */
public final class PlanFile {
    /** Value of the header's "format" field. */
    public static final String FORMAT = "doppel-plan";
    /** The format version written and the one read. */
    public static final int VERSION = 2;

    private PlanFile() {
    }

    /**
     * The plan's header.
     *
     * @param keep      the keep policy that chose the kept images ({@code first-dir}, ...), or null
     * @param encoder   the encoder whose fingerprints found the pairs; apply fingerprints the pairs again with it
     * @param threshold the search threshold each pair must still meet
     * @param crossOnly whether only cross-dataset pairs were searched
     */
    public record Header(String keep, EncoderSpec encoder, double threshold, boolean crossOnly) {
        public Header {
            Objects.requireNonNull(encoder, "encoder");
        }
    }

    /**
     * One file to remove.
     *
     * @param file       the file (size and mtime as when the plan was made)
     * @param sha256     its SHA-256 as lower-case hex, taken when the plan was made
     * @param group      the duplicate group it belongs to, or -1
     * @param kept       the image of its group that stays, a direct duplicate of {@code file}
     * @param keptSha256 the kept image's SHA-256
     * @param score      the pair's distance or similarity, or null
     * @param proof      what proves {@code file} a duplicate of {@code kept}
     */
    public record Entry(ImageFile file, String sha256, int group, ImageFile kept, String keptSha256, Double score,
                        RemovalProof proof) {
        public Entry {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(kept, "kept");
            Objects.requireNonNull(proof, "proof");
            requireSha(sha256, "sha256");
            requireSha(keptSha256, "keptSha256");
        }

        /** An entry whose pair is proven by its fingerprints, within the threshold. */
        public Entry(ImageFile file, String sha256, int group, ImageFile kept, String keptSha256, Double score) {
            this(file, sha256, group, kept, keptSha256, score, RemovalProof.FINGERPRINT);
        }

        /**
         * An entry with both digests taken from the files now, for a caller that has none recorded.
         *
         * @throws UncheckedIOException when a file cannot be read
         */
        public static Entry digested(ImageFile file, int group, ImageFile kept, Double score) {
            try {
                return new Entry(file, Sha256.of(file.path()), group, kept, Sha256.of(kept.path()), score);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + e.getMessage(), e);
            }
        }

        RemovalCheck.Removal removal() {
            return new RemovalCheck.Removal(file, sha256, kept, keptSha256, proof);
        }
    }

    /**
     * A plan as read.
     *
     * @param header   the header
     * @param entries  the lines that passed every check so far
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

        /**
         * The entries that pass {@link RemovalCheck} now (digests of both files, the pair proven again by
         * {@code proofs}: within the header's threshold, or verified geometrically); the others join the problems.
         *
         * @throws IllegalArgumentException when a line claims a fingerprint proof and the header's encoder cannot be
         *                                  made here
         */
        public Contents confirmed(PairProofs proofs) {
            Set<Path> removed = new HashSet<>();
            entries.forEach(e -> removed.add(e.file().path()));
            proofs.prepare(entries.stream().map(Entry::removal).toList());
            List<Entry> ok = new ArrayList<>();
            List<String> refused = new ArrayList<>(problems);
            for (Entry e : entries) {
                String why = RemovalCheck.reasonToLeave(e.removal(), removed, proofs);
                if (why == null) {
                    ok.add(e);
                } else {
                    refused.add(why);
                }
            }
            return new Contents(header, ok, refused);
        }
    }

    /**
     * Writes a version 2 plan atomically.
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
        ObjectNode enc = h.putObject("encoder");
        EncoderSpec spec = header.encoder();
        enc.put("name", spec.name());
        enc.put("metric", spec.metric().name());
        enc.put("size", spec.size());
        spec.sortedParams().forEach(enc.putObject("params")::put);
        new TreeMap<>(spec.variantParams()).forEach(enc.putObject("variant_params")::put);
        h.put("threshold", header.threshold());
        h.put("cross_only", header.crossOnly());
        var ds = h.putArray("datasets");
        for (Dataset d : datasets) {
            ds.addObject().put("name", d.name()).put("root", d.root().toString());
        }
        h.put("files", entries.size());
        try {
            AtomicWrite.write(file, out -> {
                Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                w.write(Journal.JSON.writeValueAsString(h));
                w.write('\n');
                for (Entry e : entries) {
                    ObjectNode line = Journal.JSON.createObjectNode();
                    ImageFile f = e.file();
                    line.put("dataset", f.dataset().name());
                    line.put("root", f.dataset().root().toString());
                    line.put("path", f.relativePath());
                    line.put("size", f.size());
                    line.put("mtime", f.mtimeMillis());
                    line.put("sha256", e.sha256());
                    if (e.group() >= 0) {
                        line.put("group", e.group());
                    }
                    line.put("kept", e.kept().key());
                    line.put("kept_size", e.kept().size());
                    line.put("kept_sha256", e.keptSha256());
                    if (e.score() != null) {
                        line.put("score", e.score());
                    }
                    line.put("proof", e.proof().kind().planName());
                    RemovalProof.Geometry g = e.proof().geometry();
                    if (g != null) {
                        ObjectNode evidence = line.putObject("evidence").put("inliers", g.inliers())
                                .put("matches", g.matches()).put("scale", g.scale()).put("angle", g.angle())
                                .put("flip", g.flip());
                        if (g.covered() != null) {
                            evidence.put("covered", g.covered());
                        }
                        if (g.alpha() != null) {
                            evidence.put("alpha", g.alpha().planName());
                        }
                    }
                    w.write(Journal.JSON.writeValueAsString(line));
                    w.write('\n');
                }
                w.flush();
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write plan " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads and checks a plan; see the class comment for what is refused. The lines returned have passed the
     * checks that need no digest; run {@link Contents#confirmed} before acting.
     *
     * @throws IllegalArgumentException (one line) when the file is missing, or is not a version 2 plan with an
     *                                  encoder, a threshold and sound dataset roots
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
        if (version != VERSION) {
            throw new IllegalArgumentException("plan " + file + " has format version " + h.path("version")
                    + "; doppel apply needs version " + VERSION + ", whose lines carry the content digests it checks"
                    + " (write the plan again with this doppel)");
        }
        if (h.has("action") && !"remove".equals(h.path("action").asText())) {
            throw new IllegalArgumentException("plan " + file + " asks for action '" + h.path("action").asText()
                    + "'; doppel apply only removes files");
        }
        if (!h.path("threshold").isNumber()) {
            throw new IllegalArgumentException("plan " + file + " has no numeric \"threshold\"");
        }
        Header header = new Header(h.hasNonNull("keep") ? h.path("keep").asText() : null, encoder(file, h.path("encoder")),
                h.path("threshold").asDouble(), h.path("cross_only").asBoolean());
        Map<String, Path> roots = roots(file, h.path("datasets"));

        List<String> problems = new ArrayList<>();
        List<Candidate> candidates = new ArrayList<>();
        Set<Path> listed = new HashSet<>();
        for (int i = first + 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            Candidate c = check(i + 1, lines.get(i), roots, problems);
            if (c == null) {
                continue;
            }
            if (!listed.add(c.path)) {
                problems.add("line " + c.line + ": " + c.path + ": listed twice");
                continue;
            }
            candidates.add(c);
        }
        List<Entry> entries = new ArrayList<>();
        for (Candidate c : candidates) {
            ImageFile kept = resolveKept(c.keptKey, c.keptSize, roots);
            String why = kept == null ? "its kept image " + c.keptKey + " is missing or unknown"
                    : kept.path().equals(c.path) ? "it is its own kept image"
                    : listed.contains(kept.path()) ? "its kept image " + c.keptKey + " is listed for removal too"
                    : null;
            if (why != null) {
                problems.add("line " + c.line + ": " + c.path + ": " + why + "; it may be the last copy, not acted on");
                continue;
            }
            entries.add(new Entry(c.file, c.sha256, c.group, kept, c.keptSha256, c.score, c.proof));
        }
        return new Contents(header, entries, problems);
    }

    /** The header's encoder object, the same shape as in results and encodings files. */
    private static EncoderSpec encoder(Path file, JsonNode n) {
        if (!n.isObject() || !n.path("name").isTextual() || !n.path("metric").isTextual() || !n.path("size").canConvertToInt()
                || n.path("size").asInt() <= 0) {
            throw new IllegalArgumentException("plan " + file
                    + " names no encoder object {\"name\",\"metric\",\"size\",\"params\"} to check its pairs with");
        }
        EncoderSpec.Metric metric;
        try {
            metric = EncoderSpec.Metric.valueOf(n.path("metric").asText().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("plan " + file + ": unknown encoder metric '" + n.path("metric").asText() + "'");
        }
        return new EncoderSpec(n.path("name").asText(), metric, n.path("size").asInt(), strings(n.path("params")),
                strings(n.path("variant_params")));
    }

    private static Map<String, String> strings(JsonNode n) {
        Map<String, String> out = new TreeMap<>();
        n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /**
     * The header's datasets by name. Every root must be an absolute, existing folder that is no file system root
     * (also once links are resolved): a plan cannot make apply treat {@code /} or a file as a dataset.
     */
    private static Map<String, Path> roots(Path file, JsonNode datasets) {
        Map<String, Path> roots = new LinkedHashMap<>();
        for (JsonNode d : datasets) {
            String name = d.path("name").asText("");
            String text = d.path("root").asText("");
            Path root;
            try {
                root = Path.of(text);
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("plan " + file + ": dataset root '" + text + "' is not a path");
            }
            String why = !safeName(name) ? "dataset name '" + name + "' is not a plain folder name"
                    : !root.isAbsolute() || !root.normalize().equals(root) ? "dataset root " + root + " is not a plain absolute path"
                    : root.getParent() == null || FileOps.realPath(root).getParent() == null
                            ? "dataset root " + root + " is a file system root"
                    : !Files.isDirectory(root) ? "dataset root " + root + " is not an existing folder"
                    : roots.containsKey(name) ? "dataset " + name + " is named twice"
                    : null;
            if (why != null) {
                throw new IllegalArgumentException("plan " + file + ": " + why + "; nothing done");
            }
            roots.put(name, root);
        }
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("plan " + file + " lists no \"datasets\"");
        }
        return roots;
    }

    /** A line that passed the checks of its own. */
    private record Candidate(int line, ImageFile file, Path path, String sha256, int group, String keptKey,
                             long keptSize, String keptSha256, Double score, RemovalProof proof) {
    }

    private static Candidate check(int lineNo, String text, Map<String, Path> roots, List<String> problems) {
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
        Path root = roots.get(name);
        if (root == null || !root.toString().equals(n.path("root").asText())) {
            problems.add(where + rel + ": dataset " + name + " at " + n.path("root").asText()
                    + " is not one of the plan's datasets, not acted on");
            return null;
        }
        String sha = n.path("sha256").asText(null);
        String keptSha = n.path("kept_sha256").asText(null);
        if (!isSha(sha) || !isSha(keptSha) || !n.path("kept").isTextual() || !n.path("kept_size").isIntegralNumber()
                || !n.path("size").isIntegralNumber() || !n.path("mtime").isIntegralNumber()) {
            problems.add(where + rel + ": lacks size, mtime, sha256, kept, kept_size or kept_sha256, not acted on");
            return null;
        }
        RemovalProof proof = proof(n);
        if (proof == null) {
            problems.add(where + rel + ": claims an unknown proof " + n.path("proof") + " (\"fingerprint\" or"
                    + " \"verified\" with its \"evidence\", whose \"alpha\" if any is \"kept over white\", \"removed"
                    + " over white\" or \"kept and removed over white\"), not acted on");
            return null;
        }
        Path file;
        try {
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
        BasicFileAttributes a = FileOps.attrs(file);
        if (a == null) {
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
        String relative = root.relativize(file).toString().replace('\\', '/');
        ImageFile image = new ImageFile(new Dataset(name, root), relative, n.path("size").asLong(), n.path("mtime").asLong());
        return new Candidate(lineNo, image, file, sha, n.path("group").asInt(-1), n.path("kept").asText(),
                n.path("kept_size").asLong(), keptSha, n.path("score").isNumber() ? n.path("score").asDouble() : null,
                proof);
    }

    /**
     * The proof a line claims, or null when it names none known. A line without one (older version 2 plans: the
     * Spark job, the HTML report) claims a fingerprint proof. The evidence of a verified proof is only read for
     * people and reports: apply verifies the pair again.
     */
    private static RemovalProof proof(JsonNode n) {
        if (!n.has("proof")) {
            return RemovalProof.FINGERPRINT;
        }
        RemovalProof.Kind kind = n.path("proof").isTextual() ? RemovalProof.Kind.ofPlanName(n.path("proof").asText()) : null;
        if (kind != RemovalProof.Kind.VERIFIED) {
            return kind == null ? null : RemovalProof.FINGERPRINT;
        }
        JsonNode e = n.path("evidence");
        RemovalProof.OverWhite alpha = null;
        if (e.has("alpha")) {
            alpha = e.path("alpha").isTextual() ? RemovalProof.OverWhite.ofPlanName(e.path("alpha").asText()) : null;
            if (alpha == null) {
                return null; // a composite apply cannot redo: proving the pair without it would prove another pair
            }
        }
        return new RemovalProof(kind, new RemovalProof.Geometry(e.path("inliers").asInt(), e.path("matches").asInt(),
                e.path("scale").asDouble(), e.path("angle").asDouble(), e.path("flip").asBoolean(),
                e.path("covered").isNumber() ? e.path("covered").asDouble() : null, alpha));
    }

    private static boolean isSha(String s) {
        return s != null && SHA256.matcher(s).matches();
    }

    private static void requireSha(String s, String what) {
        if (!isSha(s)) {
            throw new IllegalArgumentException(what + " must be a lower-case hex SHA-256, not " + s);
        }
    }

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

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

    /**
     * The kept image named by "dataset/path", when it exists as a regular file inside its root; its size is the
     * plan's ({@link RemovalCheck} compares it with the file's now), its mtime not recorded.
     */
    private static ImageFile resolveKept(String key, long size, Map<String, Path> roots) {
        String best = null;
        for (String name : roots.keySet()) {
            if (key.startsWith(name + "/") && (best == null || name.length() > best.length())) {
                best = name;
            }
        }
        if (best == null) {
            return null;
        }
        Path root = roots.get(best);
        Path p;
        try {
            p = root.resolve(key.substring(best.length() + 1)).normalize();
        } catch (InvalidPathException e) {
            return null;
        }
        if (!p.startsWith(root) || p.equals(root) || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        return new ImageFile(new Dataset(best, root), root.relativize(p).toString().replace('\\', '/'), size, -1);
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
