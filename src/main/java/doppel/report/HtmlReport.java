package doppel.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import doppel.dataset.SkippedFile;
import doppel.encode.EncoderSpec;
import doppel.image.ImageLoader;
import doppel.io.AtomicWrite;
import doppel.io.Sha256;
import doppel.results.ActionInfo;
import doppel.results.PairEvidence;
import doppel.results.ResultsFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes one self-contained HTML page that shows a results file: a summary, then every group as a row of
 * previews with path, dataset, resolution, size, score to the kept image and a KEPT / REMOVE (MOVED, DELETED)
 * badge. It needs no network: previews are embedded as JPEG data URIs and the page script is inline.
 *
 * <p>Built to open quickly with tens of thousands of groups: the group data is one JSON blob, previews sit in
 * JSON chunks of {@value #CHUNK} that the script parses only when a page shows one of them, and only one
 * page of groups is in the DOM at a time. Sorting, a live path filter and paging run in vanilla JavaScript.
 *
 * <p>The page is also where a person reviews the groups before anything is removed: they may keep another
 * member, keep a whole group, mark a false match, and export the decisions as a {@code doppel-plan} (version 2)
 * for {@code doppel apply}. For that every member still at its place under its dataset root carries its current
 * size, modification time and SHA-256, taken when the page is made (from the same read as its preview), so the
 * plan names exactly the files the person looked at; each group carries its pairs, so a changed decision only
 * removes members with a direct pair with the newly kept image. A pair that {@code find --thorough} verified
 * geometrically beyond the hash threshold carries its evidence, so that its line in the plan claims the same
 * {@code "proof":"verified"} as {@code find --plan-out} writes (docs/actions-and-undo.md).
 *
 * <p>In a cross-dataset run (cross-only search, or a group spanning datasets) every member is labelled with
 * its side: the first dataset of the results is "reference", all others are "query".
 */
public final class HtmlReport {
    /** Previews per lazily parsed JSON chunk. */
    static final int CHUNK = 256;
    private static final int MAX_SKIPPED_LISTED = 10_000;

    private HtmlReport() {
    }

    /**
     * What went into a report.
     *
     * @param groups      groups shown
     * @param thumbnails  previews embedded
     * @param missing     images the results name that were not found on disk (shown as placeholders)
     * @param unreadable  images found but not decodable (shown as placeholders)
     * @param bytes       size of the HTML file
     */
    public record Stats(int groups, int thumbnails, int missing, int unreadable, long bytes) {
    }

    /**
     * Writes the report for {@code results} to {@code html} (atomically: a temporary file, then a rename).
     * Missing or undecodable images become placeholders and are counted, never an error.
     */
    public static Stats write(ResultsFile results, Path html, ReportOptions opts) throws IOException {
        return write(results, List.of(), html, opts);
    }

    /**
     * Writes the report for {@code results} with the geometric evidence of its verified pairs ({@code find
     * --thorough}; see {@link #write(ResultsFile, Path, ReportOptions)}).
     */
    public static Stats write(ResultsFile results, List<PairEvidence> evidence, Path html, ReportOptions opts)
            throws IOException {
        Path target = html.toAbsolutePath().normalize();
        Path thumbs = AtomicWrite.tempBeside(target, ".thumbs");
        try {
            ThumbIndex index = writeThumbnails(results, thumbs, opts);
            AtomicWrite.write(target, out -> {
                Writer w = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8);
                writePage(results, verifiedBeyond(evidence), index, thumbs, opts, w);
                w.flush();
            });
            return new Stats(results.groups().size(), index.chunkOf.size(), index.missing, index.unreadable,
                    Files.size(target));
        } finally {
            Files.deleteIfExists(thumbs);
        }
    }

    /** Where each key's preview went: its chunk number, or the problem that left it without one. */
    private static final class ThumbIndex {
        final Map<String, Integer> chunkOf = new HashMap<>();
        final Map<String, Thumbnails.Thumb> problems = new HashMap<>();
        /** Size, mtime and digest of each member found at its place under its dataset root. */
        final Map<String, FileFacts> facts = new ConcurrentHashMap<>();
        int missing;
        int unreadable;
    }

    private static ThumbIndex writeThumbnails(ResultsFile results, Path file, ReportOptions opts) throws IOException {
        Map<String, ResultsFile.Member> unique = new LinkedHashMap<>();
        for (ResultsFile.Group g : results.groups()) {
            for (ResultsFile.Member m : g.members()) {
                unique.putIfAbsent(m.key(), m);
            }
        }
        List<ResultsFile.Member> members = new ArrayList<>(unique.values());
        Thumbnails thumbnails = new Thumbnails(results, new ImageLoader());
        ThumbIndex index = new ThumbIndex();
        ExecutorService pool = Executors.newFixedThreadPool(opts.threads(), r -> {
            Thread t = new Thread(r, "doppel-thumbnails");
            t.setDaemon(true);
            return t;
        });
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            int chunk = 0;
            for (int start = 0; start < members.size(); start += CHUNK) {
                List<Future<String[]>> futures = new ArrayList<>();
                for (ResultsFile.Member m : members.subList(start, Math.min(members.size(), start + CHUNK))) {
                    futures.add(pool.submit(() -> {
                        FileFacts facts = FileFacts.at(results, m);
                        if (facts != null) {
                            index.facts.put(m.key(), facts);
                        }
                        Thumbnails.Thumb t = thumbnails.load(m, opts.thumbnailSize());
                        if (t.image() == null) {
                            synchronized (index) {
                                index.problems.put(m.key(), t);
                            }
                            return null;
                        }
                        return new String[] {m.key(), Thumbnails.dataUri(t.image(), opts.jpegQuality())};
                    }));
                }
                w.write("<script type=\"application/json\" id=\"doppel-thumbs-" + chunk + "\">");
                JsonGenerator g = json(w);
                g.writeStartObject();
                for (Future<String[]> f : futures) {
                    String[] kv = get(f);
                    if (kv != null) {
                        g.writeStringField(kv[0], kv[1]);
                        index.chunkOf.put(kv[0], chunk);
                    }
                }
                g.writeEndObject();
                g.flush();
                w.write("</script>\n");
                chunk++;
            }
        } finally {
            pool.shutdownNow();
        }
        for (Thumbnails.Thumb t : index.problems.values()) {
            if (t.problem() == Thumbnails.Problem.MISSING) {
                index.missing++;
            } else {
                index.unreadable++;
            }
        }
        return index;
    }

    /**
     * A member's file as it is when the page is made: what a plan exported from the page promises to remove.
     *
     * @param size   bytes
     * @param mtime  modification time, ms since the epoch
     * @param sha256 lowercase hex SHA-256 of the content
     */
    record FileFacts(long size, long mtime, String sha256) {
        /** The facts of the member's file at its place under its dataset root; null when it is not there. */
        static FileFacts at(ResultsFile results, ResultsFile.Member m) {
            ResultsFile.DatasetInfo d = results.dataset(m.dataset());
            if (d == null) {
                return null;
            }
            Path p = Path.of(d.root()).resolve(m.path());
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                return null;
            }
            if (!a.isRegularFile()) {
                return null;
            }
            String sha;
            try {
                sha = Sha256.of(p);
            } catch (IOException e) {
                return null;
            }
            return new FileFacts(a.size(), a.lastModifiedTime().toMillis(), sha);
        }
    }

    private static String[] get(Future<String[]> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while making previews", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("cannot make a preview: " + e.getCause(), e.getCause());
        }
    }

    /** JSON that is safe inside a script element: no {@code </script>} or comment openers can appear. */
    private static JsonGenerator json(Writer w) throws IOException {
        JsonFactory f = new JsonFactory();
        f.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        f.setCharacterEscapes(new ScriptSafeEscapes());
        return f.createGenerator(w);
    }

    private static final class ScriptSafeEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] table = standardAsciiEscapesForJSON();

        ScriptSafeEscapes() {
            table['<'] = ESCAPE_STANDARD;
            table['>'] = ESCAPE_STANDARD;
            table['&'] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return table;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            // U+2028/2029 are valid in JSON but end a line in older JavaScript parsers.
            if (ch == 0x2028 || ch == 0x2029) {
                return new SerializedString(String.format(Locale.ROOT, "\\u%04x", ch));
            }
            return null;
        }
    }

    /**
     * The evidence of the pairs whose proof of removal is their geometric verification, by both orders of their
     * keys: those {@code --thorough} added beyond the threshold (the pairs of the ordinary search, source
     * {@code hash}, are proven by their fingerprints, as in {@code find}'s own plans).
     */
    private static Map<List<String>, PairEvidence> verifiedBeyond(List<PairEvidence> evidence) {
        Map<List<String>, PairEvidence> out = new HashMap<>();
        for (PairEvidence e : evidence) {
            if (!e.source().equals("hash")) {
                out.put(List.of(e.a(), e.b()), e);
                out.put(List.of(e.b(), e.a()), e);
            }
        }
        return out;
    }

    private static void writePage(ResultsFile r, Map<List<String>, PairEvidence> verified, ThumbIndex index,
                                  Path thumbs, ReportOptions opts, Writer w) throws IOException {
        boolean cosine = r.encoder().metric() == EncoderSpec.Metric.COSINE;
        ActionInfo.Mode mode = r.actions() == null ? ActionInfo.Mode.NONE : r.actions().mode();
        w.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        w.write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        w.write("<title>" + esc(opts.title()) + "</title>\n<style>\n" + resource("report.css") + "</style>\n</head>\n<body>\n");
        w.write("<header>\n<h1>" + esc(opts.title()) + "</h1>\n<dl class=\"summary\">\n");
        item(w, "Images", String.format(Locale.ROOT, "%,d", r.summary().images()));
        item(w, "Groups", String.format(Locale.ROOT, "%,d", r.summary().groups()));
        boolean leak = r.kind() == ResultsFile.Kind.LEAK;
        item(w, leak ? "Leaking query images" : "Duplicates", String.format(Locale.ROOT, "%,d", r.summary().duplicates())
                + (leak ? "" : mode == ActionInfo.Mode.MOVE ? " (moved)" : mode == ActionInfo.Mode.DELETE ? " (deleted)" : " (to remove)"));
        item(w, "Pairs", String.format(Locale.ROOT, "%,d", r.summary().pairs()));
        item(w, "Skipped files", String.format(Locale.ROOT, "%,d", r.summary().skipped()));
        if (index.missing > 0 || index.unreadable > 0) {
            w.write("<dt>Missing images</dt><dd class=\"warn\" id=\"missing-count\">" + index.missing
                    + (index.unreadable > 0 ? " missing, " + index.unreadable + " unreadable" : "")
                    + " (shown as grey placeholders)</dd>\n");
        }
        item(w, "Encoder", r.encoder().describe());
        item(w, "Threshold", (cosine ? "cosine similarity \u2265 " : "Hamming distance \u2264 ") + number(r.threshold()));
        item(w, "Keep policy", r.keep().cliName());
        StringBuilder ds = new StringBuilder();
        for (int i = 0; i < r.datasets().size(); i++) {
            ResultsFile.DatasetInfo d = r.datasets().get(i);
            ds.append(i == 0 ? "" : "<br>").append("<b>").append(esc(d.name())).append("</b> ").append(esc(d.root()));
            if (r.datasets().size() > 1) {
                ds.append(i == 0 ? " <i>(reference)</i>" : " <i>(query)</i>");
            }
        }
        w.write("<dt>Datasets</dt><dd>" + ds + (r.crossOnly() ? "<br>cross-dataset pairs only" : "") + "</dd>\n");
        item(w, "Action", mode.jsonName());
        if (r.actions() != null && r.actions().target() != null) {
            item(w, "Moved to", r.actions().target().toString());
        }
        if (r.actions() != null && r.actions().journal() != null) {
            item(w, "Undo journal", r.actions().journal().toString());
        }
        item(w, "Created", r.created().toString());
        w.write("</dl>\n");
        if (!r.skipped().isEmpty()) {
            w.write("<details class=\"skipped\"><summary>" + r.skipped().size() + " skipped file"
                    + (r.skipped().size() == 1 ? "" : "s") + "</summary>\n<ul>\n");
            int n = 0;
            for (SkippedFile f : r.skipped()) {
                if (n++ == MAX_SKIPPED_LISTED) {
                    w.write("<li>\u2026 and " + (r.skipped().size() - MAX_SKIPPED_LISTED) + " more (see the results file)</li>\n");
                    break;
                }
                w.write("<li><code>" + esc(f.key()) + "</code>: " + esc(f.reason()) + "</li>\n");
            }
            w.write("</ul></details>\n");
        }
        w.write("<section id=\"review-summary\" aria-live=\"polite\"></section>\n");
        w.write("</header>\n");
        w.write("<nav id=\"controls\">\n<input id=\"filter\" type=\"search\" placeholder=\"Filter by path\u2026\" autocomplete=\"off\">\n"
                + "<label>Sort <select id=\"sort\"><option value=\"size\">largest groups first</option>"
                + "<option value=\"best\">closest match first</option><option value=\"worst\">loosest match first</option>"
                + "<option value=\"path\">by path</option></select></label>\n"
                + "<button id=\"first\" type=\"button\">\u00ab</button><button id=\"prev\" type=\"button\">\u2039 Prev</button>"
                + "<span id=\"pageinfo\"></span><button id=\"next\" type=\"button\">Next \u203a</button>"
                + "<button id=\"last\" type=\"button\">\u00bb</button>\n<span id=\"count\"></span>\n"
                + "<span class=\"review-actions\"><button id=\"undo\" type=\"button\" disabled>Undo (u)</button>"
                + "<button id=\"export-plan\" type=\"button\">Export plan</button>"
                + "<button id=\"export-pairs\" type=\"button\">Export labelled pairs</button></span>\n"
                + "<span id=\"status\" role=\"status\"></span>\n"
                + "<details class=\"keys\"><summary>Keys</summary><p><kbd>j</kbd>/<kbd>k</kbd> next/previous group, "
                + "<kbd>1</kbd>\u2013<kbd>9</kbd> keep this member, <kbd>a</kbd> keep all, <kbd>x</kbd> false match, "
                + "<kbd>u</kbd> undo, <kbd>c</kbd> compare, in the comparison <kbd>m</kbd> next view "
                + "(side by side, flicker, difference), <kbd>\u2190</kbd>/<kbd>\u2192</kbd> other member, <kbd>Esc</kbd> close</p></details>\n"
                + "</nav>\n");
        w.write("<main id=\"groups\"><p class=\"note\">Loading\u2026 (this page needs JavaScript)</p></main>\n");
        w.write("<script type=\"application/json\" id=\"doppel-data\">");
        writeData(r, verified, index, opts, cosine, mode, w);
        w.write("</script>\n");
        try (Reader in = Files.newBufferedReader(thumbs, StandardCharsets.UTF_8)) {
            in.transferTo(w);
        }
        w.write("<script>\n" + resource("report.js") + "</script>\n</body>\n</html>\n");
    }

    private static void writeData(ResultsFile r, Map<List<String>, PairEvidence> verified, ThumbIndex index,
                                  ReportOptions opts, boolean cosine, ActionInfo.Mode mode, Writer w)
            throws IOException {
        Set<String> removed = new HashSet<>(r.remove());
        String reference = r.datasets().isEmpty() ? null : r.datasets().get(0).name();
        JsonGenerator g = json(w);
        g.writeStartObject();
        g.writeStringField("metric", r.encoder().metric().name());
        g.writeBooleanField("higherIsCloser", cosine);
        g.writeNumberField("pageSize", opts.pageSize());
        // leak never acts: its query images are labelled as what they are.
        g.writeStringField("removeBadge", r.kind() == ResultsFile.Kind.LEAK ? "LEAK" : switch (mode) {
            case MOVE -> "MOVED";
            case DELETE -> "DELETED";
            case NONE -> "REMOVE";
        });
        // What an exported plan's header repeats, in the results file's own shapes.
        g.writeObjectFieldStart("encoder");
        g.writeStringField("name", r.encoder().name());
        g.writeStringField("metric", r.encoder().metric().name());
        g.writeNumberField("size", r.encoder().size());
        g.writeObjectFieldStart("params");
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(r.encoder().params()).entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
        // variant_params carry the dihedral mode and the decoder, which apply needs to re-fingerprint the same way.
        g.writeObjectFieldStart("variant_params");
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(r.encoder().variantParams()).entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
        g.writeEndObject();
        g.writeNumberField("threshold", r.threshold());
        g.writeStringField("keep", r.keep().cliName());
        g.writeBooleanField("crossOnly", r.crossOnly());
        g.writeArrayFieldStart("datasets");
        for (ResultsFile.DatasetInfo d : r.datasets()) {
            g.writeStartObject();
            g.writeStringField("name", d.name());
            g.writeStringField("root", Path.of(d.root()).toAbsolutePath().normalize().toString());
            g.writeNumberField("images", d.images());
            g.writeEndObject();
        }
        g.writeEndArray();
        Map<String, List<ResultsFile.ScoredPair>> pairsOf = pairsByFirstKey(r);
        g.writeArrayFieldStart("groups");
        for (ResultsFile.Group grp : r.groups()) {
            boolean cross = r.crossOnly() || grp.members().stream().map(ResultsFile.Member::dataset).distinct().count() > 1;
            Double best = null;
            Double worst = null;
            for (ResultsFile.Member m : grp.members()) {
                if (m.score() != null) {
                    double s = m.score();
                    best = best == null ? s : cosine ? Math.max(best, s) : Math.min(best, s);
                    worst = worst == null ? s : cosine ? Math.min(worst, s) : Math.max(worst, s);
                }
            }
            g.writeStartObject();
            writeNullable(g, "best", best);
            writeNullable(g, "worst", worst);
            g.writeArrayFieldStart("m");
            // Kept image first: the row reads "this one stays, these go".
            List<ResultsFile.Member> ordered = new ArrayList<>(grp.members());
            ordered.sort((a, b) -> Boolean.compare(!a.key().equals(grp.kept()), !b.key().equals(grp.kept())));
            Map<String, Integer> position = new HashMap<>();
            for (ResultsFile.Member m : ordered) {
                position.put(m.key(), position.size());
                g.writeStartObject();
                g.writeStringField("k", m.key());
                g.writeStringField("d", m.dataset());
                g.writeStringField("p", m.path());
                g.writeNumberField("w", m.width());
                g.writeNumberField("h", m.height());
                g.writeNumberField("s", m.size());
                writeNullable(g, "sc", m.score());
                g.writeStringField("b", m.key().equals(grp.kept()) ? "KEPT" : removed.contains(m.key()) ? "R" : "");
                if (cross && reference != null) {
                    g.writeStringField("side", m.dataset().equals(reference) ? "reference" : "query");
                }
                Integer chunk = index.chunkOf.get(m.key());
                if (chunk != null) {
                    g.writeNumberField("t", chunk);
                } else {
                    Thumbnails.Thumb t = index.problems.get(m.key());
                    g.writeStringField("x", t.problem() == Thumbnails.Problem.MISSING ? "missing" : "unreadable");
                    g.writeStringField("why", t.detail());
                }
                FileFacts facts = index.facts.get(m.key());
                if (facts != null) {
                    g.writeNumberField("fs", facts.size());
                    g.writeNumberField("mt", facts.mtime());
                    g.writeStringField("sha", facts.sha256());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            // The group's pairs as [member, member, score], member positions as in "m", and for a pair verified
            // geometrically beyond the threshold its evidence, which an exported plan line carries as its proof.
            g.writeArrayFieldStart("pr");
            for (ResultsFile.Member m : ordered) {
                for (ResultsFile.ScoredPair p : pairsOf.getOrDefault(m.key(), List.of())) {
                    Integer other = position.get(p.b());
                    if (other != null) {
                        g.writeStartArray();
                        g.writeNumber(position.get(m.key()));
                        g.writeNumber(other);
                        g.writeNumber(p.score());
                        PairEvidence e = verified.get(List.of(p.a(), p.b()));
                        if (e != null) {
                            writeProof(g, e, p.a(), p.b());
                        }
                        g.writeEndArray();
                    }
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.flush();
    }

    /**
     * A verified pair's evidence as a plan line's {@code evidence} reads it, with {@code covered} as the share of
     * each of {@code first} and {@code second} that the other shows (the line takes its removed file's), and
     * {@code over_white}, when the pair was verified on a picture over white, whether each was composited.
     */
    private static void writeProof(JsonGenerator g, PairEvidence e, String first, String second) throws IOException {
        g.writeStartObject();
        g.writeNumberField("inliers", e.inliers());
        g.writeNumberField("matches", e.matches());
        g.writeNumberField("scale", e.scale());
        g.writeNumberField("angle", e.angle());
        g.writeBooleanField("flip", e.flip());
        if (e.coveredA() != null && e.coveredB() != null) {
            g.writeArrayFieldStart("covered");
            g.writeNumber(e.coveredOf(first));
            g.writeNumber(e.coveredOf(second));
            g.writeEndArray();
        }
        if (e.alpha() != null) {
            g.writeArrayFieldStart("over_white");
            g.writeBoolean(e.overWhite(first));
            g.writeBoolean(e.overWhite(second));
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    /** Every pair under its first key, so each group finds its own pairs without a pass over all of them. */
    private static Map<String, List<ResultsFile.ScoredPair>> pairsByFirstKey(ResultsFile r) {
        Map<String, List<ResultsFile.ScoredPair>> byKey = new HashMap<>();
        for (ResultsFile.ScoredPair p : r.pairs()) {
            byKey.computeIfAbsent(p.a(), k -> new ArrayList<>(1)).add(p);
        }
        return byKey;
    }

    private static void writeNullable(JsonGenerator g, String field, Double v) throws IOException {
        if (v == null) {
            g.writeNullField(field);
        } else {
            g.writeNumberField(field, v);
        }
    }

    private static void item(Writer w, String term, String value) throws IOException {
        w.write("<dt>" + esc(term) + "</dt><dd>" + esc(value) + "</dd>\n");
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /** Escapes text for HTML element content and attribute values. */
    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("report resource " + name + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
