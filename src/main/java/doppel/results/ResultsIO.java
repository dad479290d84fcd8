package doppel.results;

import doppel.io.AtomicWrite;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import doppel.encode.EncoderSpec;
import doppel.dataset.SkippedFile;
import doppel.search.DuplicateResult;
import doppel.search.KeepPolicy;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads and writes Doppel results files ({@code docs/results-format.md}) and reads the duplicate maps of
 * imagededup. Writing streams and is atomic (temporary file in the same directory, then rename), so a
 * crash never leaves a half-written results file behind. Every failure to read is a
 * {@link ResultsException} with a one-line message naming the file.
 */
public final class ResultsIO {
    /** Value of the {@code format} field. */
    public static final String FORMAT = "doppel-results";
    /** The version this code writes and reads. */
    public static final int VERSION = 1;

    /**
     * Writing needs only jackson-core's streaming generator. The databind mapper, for reading, is made on the first
     * read ({@link Reading}): starting it loads several hundred classes and a calendar, about 0.3 s of a short
     * exact-duplicate run that only writes its results.
     */
    private static final JsonFactory JSON = new JsonFactory();

    /** Holds the mapper of the readers, created when a file is first read. */
    private static final class Reading {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private ResultsIO() {
    }

    /**
     * Writes the results of a search, stamped with the current time.
     *
     * @param actions what was done with the files to remove; null writes no {@code actions} field
     */
    public static void write(DuplicateResult result, Path file, ActionInfo actions) throws IOException {
        write(ResultsFile.from(result, actions, Instant.now()), file);
    }

    /** Writes a results model (for example one read earlier and given new actions). */
    public static void write(ResultsFile results, Path file) throws IOException {
        write(results, file, List.of());
    }

    /** Writes a results model with the geometric evidence of its verified pairs ({@code find --thorough}). */
    public static void write(ResultsFile results, Path file, List<PairEvidence> evidence) throws IOException {
        AtomicWrite.write(file, out -> {
            JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)
                    .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET); // AtomicWrite syncs and closes the file
            g.setPrettyPrinter(new LevelPrettyPrinter(2));
            writeJson(results, g, evidence);
            g.writeRaw('\n');
            g.close();
        });
    }

    /**
     * Writes imagededup's map ({@code {"image": ["dup", ...]}} or, with scores, {@code {"image": [["dup", 3], ...]}}),
     * indented as imagededup users' tools print it. Values are strings, numbers and lists of them.
     */
    public static void writeDuplicateMap(Map<String, ? extends List<?>> map, Path file) throws IOException {
        AtomicWrite.write(file, out -> {
            JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            for (Map.Entry<String, ? extends List<?>> e : map.entrySet()) {
                g.writeFieldName(e.getKey());
                writeMapValue(e.getValue(), g);
            }
            g.writeEndObject();
            g.close();
        });
    }

    private static void writeMapValue(Object value, JsonGenerator g) throws IOException {
        if (value instanceof List<?> list) {
            g.writeStartArray();
            for (Object item : list) {
                writeMapValue(item, g);
            }
            g.writeEndArray();
        } else if (value instanceof Integer || value instanceof Long) {
            g.writeNumber(((Number) value).longValue());
        } else if (value instanceof Float f) {
            g.writeNumber(f); // a float's shortest form (cosine scores), as imagededup's float32 prints
        } else if (value instanceof Number n) {
            g.writeNumber(n.doubleValue());
        } else {
            g.writeString(String.valueOf(value));
        }
    }

    private static void writeJson(ResultsFile r, JsonGenerator g, List<PairEvidence> evidence) throws IOException {
        boolean hamming = r.encoder().metric() == EncoderSpec.Metric.HAMMING;
        g.writeStartObject();
        g.writeStringField("format", FORMAT);
        g.writeNumberField("version", r.version());
        g.writeStringField("kind", r.kind().jsonName());
        g.writeStringField("created", r.created().toString());
        g.writeObjectFieldStart("encoder");
        g.writeStringField("name", r.encoder().name());
        g.writeStringField("metric", r.encoder().metric().name());
        g.writeNumberField("size", r.encoder().size());
        writeStringMap(g, "params", r.encoder().params());
        writeStringMap(g, "variant_params", r.encoder().variantParams());
        g.writeEndObject();
        g.writeFieldName("threshold");
        writeScore(g, r.threshold(), hamming);
        g.writeBooleanField("cross_only", r.crossOnly());
        g.writeStringField("keep", r.keep().cliName());
        g.writeArrayFieldStart("datasets");
        for (ResultsFile.DatasetInfo d : r.datasets()) {
            g.writeStartObject();
            g.writeStringField("name", d.name());
            g.writeStringField("root", d.root());
            if (d.images() >= 0) {
                g.writeNumberField("images", d.images());
            }
            if (!d.folders().isEmpty()) {
                g.writeObjectFieldStart("folders");
                for (Map.Entry<String, Integer> e : d.folders().entrySet()) {
                    g.writeNumberField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        ResultsFile.Summary s = r.summary();
        g.writeObjectFieldStart("summary");
        g.writeNumberField("images", s.images());
        g.writeNumberField("pairs", s.pairs());
        g.writeNumberField("groups", s.groups());
        g.writeNumberField("duplicates", s.duplicates());
        g.writeNumberField("skipped", s.skipped());
        g.writeEndObject();
        g.writeArrayFieldStart("groups");
        for (ResultsFile.Group grp : r.groups()) {
            g.writeStartObject();
            g.writeStringField("kept", grp.kept());
            g.writeArrayFieldStart("members");
            for (ResultsFile.Member m : grp.members()) {
                g.writeStartObject();
                g.writeStringField("key", m.key());
                g.writeStringField("dataset", m.dataset());
                g.writeStringField("path", m.path());
                g.writeNumberField("width", m.width());
                g.writeNumberField("height", m.height());
                g.writeNumberField("size", m.size());
                g.writeFieldName("score");
                if (m.score() == null) {
                    g.writeNull();
                } else {
                    writeScore(g, m.score(), hamming);
                }
                if (m.mtime() != null) {
                    g.writeNumberField("mtime", m.mtime());
                }
                if (m.sha256() != null) {
                    g.writeStringField("sha256", m.sha256());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("pairs");
        for (ResultsFile.ScoredPair p : r.pairs()) {
            g.writeStartArray();
            g.writeString(p.a());
            g.writeString(p.b());
            writeScore(g, p.score(), hamming);
            g.writeEndArray();
        }
        g.writeEndArray();
        if (!evidence.isEmpty()) {
            writeEvidence(g, evidence);
        }
        g.writeArrayFieldStart("remove");
        for (String key : r.remove()) {
            g.writeString(key);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("skipped");
        for (SkippedFile f : r.skipped()) {
            g.writeStartObject();
            g.writeStringField("dataset", f.dataset());
            g.writeStringField("path", f.relativePath());
            g.writeStringField("reason", f.reason());
            g.writeEndObject();
        }
        g.writeEndArray();
        if (r.actions() != null) {
            ActionInfo a = r.actions();
            g.writeObjectFieldStart("actions");
            g.writeStringField("mode", a.mode().jsonName());
            g.writeStringField("target", a.target() == null ? null : a.target().toString());
            g.writeStringField("journal", a.journal() == null ? null : a.journal().toString());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void writeEvidence(JsonGenerator g, List<PairEvidence> evidence) throws IOException {
        g.writeArrayFieldStart("evidence");
        for (PairEvidence e : evidence) {
            g.writeStartObject();
            g.writeStringField("a", e.a());
            g.writeStringField("b", e.b());
            g.writeStringField("source", e.source());
            g.writeNumberField("inliers", e.inliers());
            g.writeNumberField("matches", e.matches());
            g.writeNumberField("scale", e.scale());
            g.writeNumberField("angle", e.angle());
            g.writeBooleanField("flip", e.flip());
            g.writeFieldName("box_a");
            g.writeArray(e.boxA(), 0, e.boxA().length);
            g.writeFieldName("box_b");
            g.writeArray(e.boxB(), 0, e.boxB().length);
            if (e.coveredA() != null && e.coveredB() != null) {
                g.writeNumberField("covered_a", e.coveredA());
                g.writeNumberField("covered_b", e.coveredB());
            }
            if (e.keptBoth() != null) {
                g.writeStringField("kept_both", e.keptBoth());
            }
            if (e.alpha() != null) {
                g.writeStringField("alpha", e.alpha().text());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /**
     * Reads the {@code evidence} list of a results file written by {@code find --thorough}; empty for a file
     * without one.
     *
     * @throws ResultsException when the file cannot be read or an entry is malformed
     */
    public static List<PairEvidence> readEvidence(Path file) {
        try (JsonParser p = open(file)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw fail(file, "not a Doppel results file (expected a JSON object)");
            }
            List<PairEvidence> out = new ArrayList<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (!field.equals("evidence")) {
                    p.skipChildren();
                    continue;
                }
                expectArray(file, p, field);
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    out.add(evidence(file, Reading.MAPPER.readTree(p)));
                }
            }
            return out;
        } catch (JsonProcessingException e) {
            throw notJson(file, e);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    private static PairEvidence evidence(Path file, JsonNode n) {
        String what = "evidence entry";
        return new PairEvidence(text(file, n, "a", what), text(file, n, "b", what), text(file, n, "source", what),
                (int) number(file, n.get("inliers"), "evidence inliers"), (int) number(file, n.get("matches"), "evidence matches"),
                number(file, n.get("scale"), "evidence scale"), number(file, n.get("angle"), "evidence angle"),
                n.path("flip").asBoolean(false), box(file, n.get("box_a")), box(file, n.get("box_b")),
                share(file, n.get("covered_a")), share(file, n.get("covered_b")),
                n.path("kept_both").isTextual() ? n.get("kept_both").asText() : null, alpha(file, n.get("alpha")));
    }

    /** Which images were verified over white, null when absent; an unknown value is refused (apply depends on it). */
    private static PairEvidence.Alpha alpha(Path file, JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        PairEvidence.Alpha alpha = n.isTextual() ? PairEvidence.Alpha.ofText(n.asText()) : null;
        if (alpha == null) {
            throw fail(file, "evidence alpha must be \"a over white\", \"b over white\" or \"a and b over white\", got "
                    + n);
        }
        return alpha;
    }

    /** A coverage share of the evidence, null when absent (files written before shares were recorded). */
    private static Double share(Path file, JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        double v = number(file, n, "evidence coverage share");
        if (v < 0 || v > 1) {
            throw fail(file, "evidence coverage share must be within 0..1, not " + v);
        }
        return v;
    }

    private static double[] box(Path file, JsonNode n) {
        if (n == null || !n.isArray() || n.size() != 4) {
            throw fail(file, "evidence box must be [x0, y0, x1, y1]");
        }
        double[] out = new double[4];
        for (int i = 0; i < 4; i++) {
            out[i] = number(file, n.get(i), "evidence box");
        }
        return out;
    }

    /** Hamming distances are integers: write them without a fraction, as imagededup does. */
    private static void writeScore(JsonGenerator g, double score, boolean hamming) throws IOException {
        if (hamming && score == Math.rint(score) && Math.abs(score) < 1e15) {
            g.writeNumber((long) score);
        } else {
            g.writeNumber(score);
        }
    }

    private static void writeStringMap(JsonGenerator g, String field, Map<String, String> map) throws IOException {
        g.writeObjectFieldStart(field);
        for (Map.Entry<String, String> e : new TreeMap<>(map).entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    /**
     * Reads a Doppel results file.
     *
     * @throws ResultsException when the file is missing, unreadable, not JSON or not a Doppel results file
     */
    public static ResultsFile read(Path file) {
        try (JsonParser p = open(file)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw fail(file, "not a Doppel results file (expected a JSON object)");
            }
            return readResults(file, p);
        } catch (JsonProcessingException e) {
            throw notJson(file, e);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /**
     * Reads the duplicate pairs of a Doppel results file (its {@code pairs}) or of an imagededup
     * {@code find_duplicates} map, either {@code {"img": ["dup", ...]}} or {@code {"img": [["dup", score], ...]}}.
     * Each pair appears once; an image listed as its own duplicate is ignored.
     *
     * @throws ResultsException when the file is missing, unreadable, not JSON or in neither format
     */
    public static List<ImagePair> readPairs(Path file) {
        if (isDoppelResults(file)) {
            return read(file).pairs().stream().map(ResultsFile.ScoredPair::unordered).distinct().toList();
        }
        return new ArrayList<>(readImagededup(file).pairs().keySet());
    }

    /**
     * An imagededup duplicates map read into pairs.
     *
     * @param pairs  the unordered pairs (the symmetric closure of the map), each with its score when the map
     *               has scores, else null
     * @param images every file named in the map, as a key or as a duplicate
     */
    public record ImagededupMap(Map<ImagePair, Double> pairs, Set<String> images) {
    }

    /**
     * Reads an imagededup duplicates map, {@code {"img": ["dup", ...]}} or {@code {"img": [["dup", score], ...]}}.
     * Keys are kept as written (paths relative to the image directory).
     */
    public static ImagededupMap readImagededup(Path file) {
        Map<ImagePair, Double> pairs = new LinkedHashMap<>();
        Set<String> images = new LinkedHashSet<>();
        try (JsonParser p = open(file)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw fail(file, "not a duplicates map (expected a JSON object of image -> list of duplicates)");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String image = p.currentName();
                images.add(image);
                JsonNode dups = p.nextToken() == null ? null : Reading.MAPPER.readTree(p);
                if (dups == null || !dups.isArray()) {
                    throw fail(file, "neither a Doppel results file nor an imagededup duplicates map (value of '"
                            + image + "' is not a list)");
                }
                for (JsonNode d : dups) {
                    String other;
                    Double score = null;
                    if (d.isTextual()) {
                        other = d.asText();
                    } else if (d.isArray() && d.size() == 2 && d.get(0).isTextual() && d.get(1).isNumber()) {
                        other = d.get(0).asText();
                        score = d.get(1).asDouble();
                    } else {
                        throw fail(file, "duplicate of '" + image + "' must be a file name or [file name, score], got "
                                + abbreviate(d.toString()));
                    }
                    images.add(other);
                    if (!other.equals(image)) {
                        pairs.merge(ImagePair.of(image, other), score == null ? Double.NaN : score,
                                (x, y) -> Double.isNaN(x) ? y : x);
                    }
                }
            }
        } catch (JsonProcessingException e) {
            throw notJson(file, e);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
        pairs.replaceAll((k, v) -> Double.isNaN(v) ? null : v);
        return new ImagededupMap(Collections.unmodifiableMap(pairs), Collections.unmodifiableSet(images));
    }

    /**
     * True when the file is a JSON object whose first field is {@code "format": "doppel-results"} (how this
     * class writes it), false for anything else that is a JSON object.
     */
    public static boolean isDoppelResults(Path file) {
        try (JsonParser p = open(file)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            return p.nextToken() == JsonToken.FIELD_NAME && "format".equals(p.currentName())
                    && p.nextToken() == JsonToken.VALUE_STRING && FORMAT.equals(p.getText());
        } catch (JsonProcessingException e) {
            throw notJson(file, e);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    private static JsonParser open(Path file) throws IOException {
        JsonFactory f = Reading.MAPPER.getFactory();
        return f.createParser(Files.newInputStream(file));
    }

    private static ResultsFile readResults(Path file, JsonParser p) throws IOException {
        String format = null;
        Integer version = null;
        Instant created = Instant.EPOCH;
        EncoderSpec encoder = null;
        Double threshold = null;
        boolean crossOnly = false;
        KeepPolicy keep = KeepPolicy.FIRST_DIR;
        List<ResultsFile.DatasetInfo> datasets = new ArrayList<>();
        ResultsFile.Summary summary = null;
        List<ResultsFile.Group> groups = null;
        List<ResultsFile.ScoredPair> pairs = null;
        List<String> remove = null;
        List<SkippedFile> skipped = new ArrayList<>();
        ActionInfo actions = null;
        ResultsFile.Kind kind = ResultsFile.Kind.FIND;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "format" -> format = p.getValueAsString();
                case "version" -> version = p.getValueAsInt(-1);
                case "kind" -> {
                    kind = ResultsFile.Kind.parse(p.getValueAsString());
                    if (kind == null) {
                        throw fail(file, "unknown kind '" + p.getValueAsString() + "' (find or leak)");
                    }
                }
                case "created" -> created = instant(file, p.getValueAsString());
                case "encoder" -> encoder = encoder(file, Reading.MAPPER.readTree(p));
                case "threshold" -> threshold = number(file, Reading.MAPPER.readTree(p), "threshold");
                case "cross_only" -> crossOnly = p.getValueAsBoolean();
                case "keep" -> keep = keep(file, p.getValueAsString());
                case "datasets" -> {
                    expectArray(file, p, field);
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        datasets.add(dataset(file, Reading.MAPPER.readTree(p)));
                    }
                }
                case "summary" -> summary = summary(file, Reading.MAPPER.readTree(p));
                case "groups" -> {
                    expectArray(file, p, field);
                    groups = new ArrayList<>();
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        groups.add(group(file, Reading.MAPPER.readTree(p)));
                    }
                }
                case "pairs" -> {
                    expectArray(file, p, field);
                    pairs = new ArrayList<>();
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        pairs.add(pair(file, Reading.MAPPER.readTree(p)));
                    }
                }
                case "remove" -> {
                    expectArray(file, p, field);
                    remove = new ArrayList<>();
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        if (p.currentToken() != JsonToken.VALUE_STRING) {
                            throw fail(file, "'remove' must list keys (strings)");
                        }
                        remove.add(p.getText());
                    }
                }
                case "skipped" -> {
                    expectArray(file, p, field);
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        JsonNode n = Reading.MAPPER.readTree(p);
                        skipped.add(new SkippedFile(text(file, n, "dataset", "skipped file"),
                                text(file, n, "path", "skipped file"), text(file, n, "reason", "skipped file")));
                    }
                }
                case "actions" -> actions = p.currentToken() == JsonToken.VALUE_NULL ? null : actions(file, Reading.MAPPER.readTree(p));
                default -> p.skipChildren();
            }
        }
        if (!FORMAT.equals(format)) {
            throw fail(file, "not a Doppel results file (no \"format\": \"" + FORMAT + "\")");
        }
        if (version == null || version != VERSION) {
            throw fail(file, "results format version " + version + " is not supported (this Doppel reads version " + VERSION + ")");
        }
        if (encoder == null || threshold == null || groups == null || pairs == null) {
            String missing = encoder == null ? "encoder" : threshold == null ? "threshold" : groups == null ? "groups" : "pairs";
            throw fail(file, "missing field '" + missing + "'");
        }
        if (remove == null) {
            remove = groups.stream().flatMap(g -> g.members().stream().map(ResultsFile.Member::key)
                    .filter(k -> !k.equals(g.kept()))).toList();
        }
        if (summary == null) {
            long images = datasets.stream().allMatch(d -> d.images() >= 0)
                    ? datasets.stream().mapToLong(ResultsFile.DatasetInfo::images).sum() : -1;
            summary = new ResultsFile.Summary(images, pairs.size(), groups.size(), remove.size(), skipped.size());
        }
        return new ResultsFile(version, created, encoder, threshold, crossOnly, keep, datasets, summary, groups,
                pairs, remove, skipped, actions, kind);
    }

    private static void expectArray(Path file, JsonParser p, String field) {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw fail(file, "'" + field + "' must be a list");
        }
    }

    private static Instant instant(Path file, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException | NullPointerException e) {
            throw fail(file, "'created' is not an ISO-8601 time: " + text);
        }
    }

    private static KeepPolicy keep(Path file, String text) {
        try {
            return KeepPolicy.parse(String.valueOf(text));
        } catch (IllegalArgumentException e) {
            throw fail(file, e.getMessage());
        }
    }

    private static EncoderSpec encoder(Path file, JsonNode n) {
        if (!n.isObject()) {
            throw fail(file, "'encoder' must be an object");
        }
        String metric = text(file, n, "metric", "encoder");
        EncoderSpec.Metric m;
        try {
            m = EncoderSpec.Metric.valueOf(metric.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw fail(file, "unknown encoder metric '" + metric + "' (HAMMING or COSINE)");
        }
        return new EncoderSpec(text(file, n, "name", "encoder"), m, (int) number(file, n.get("size"), "encoder size"),
                stringMap(file, n.get("params")), stringMap(file, n.get("variant_params")));
    }

    private static Map<String, String> stringMap(Path file, JsonNode n) {
        Map<String, String> map = new TreeMap<>();
        if (n == null || n.isNull()) {
            return map;
        }
        if (!n.isObject()) {
            throw fail(file, "encoder parameters must be an object");
        }
        Iterator<Map.Entry<String, JsonNode>> it = n.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            map.put(e.getKey(), e.getValue().asText());
        }
        return map;
    }

    private static ResultsFile.DatasetInfo dataset(Path file, JsonNode n) {
        Map<String, Integer> folders = new TreeMap<>();
        JsonNode f = n.get("folders");
        if (f != null && f.isObject()) {
            f.fields().forEachRemaining(e -> folders.put(e.getKey(), e.getValue().asInt()));
        }
        JsonNode images = n.get("images");
        return new ResultsFile.DatasetInfo(text(file, n, "name", "dataset"), text(file, n, "root", "dataset"),
                images == null || !images.isNumber() ? -1 : images.asInt(), folders);
    }

    private static ResultsFile.Summary summary(Path file, JsonNode n) {
        if (!n.isObject()) {
            throw fail(file, "'summary' must be an object");
        }
        return new ResultsFile.Summary((long) number(file, n.get("images"), "summary images"),
                (long) number(file, n.get("pairs"), "summary pairs"), (long) number(file, n.get("groups"), "summary groups"),
                (long) number(file, n.get("duplicates"), "summary duplicates"),
                (long) number(file, n.get("skipped"), "summary skipped"));
    }

    private static ResultsFile.Group group(Path file, JsonNode n) {
        JsonNode members = n.get("members");
        if (!n.isObject() || members == null || !members.isArray()) {
            throw fail(file, "every group must be an object with 'kept' and a 'members' list");
        }
        String kept = text(file, n, "kept", "group");
        List<ResultsFile.Member> list = new ArrayList<>(members.size());
        for (JsonNode m : members) {
            JsonNode score = m.get("score");
            list.add(new ResultsFile.Member(text(file, m, "key", "member"), text(file, m, "dataset", "member"),
                    text(file, m, "path", "member"), m.path("width").asInt(0), m.path("height").asInt(0),
                    m.path("size").asLong(0), score == null || score.isNull() ? null : number(file, score, "member score"),
                    m.hasNonNull("mtime") ? m.get("mtime").asLong() : null,
                    m.hasNonNull("sha256") ? m.get("sha256").asText() : null));
        }
        if (list.stream().noneMatch(m -> m.key().equals(kept))) {
            throw fail(file, "group of '" + kept + "': the kept image is not among its members");
        }
        return new ResultsFile.Group(kept, list);
    }

    private static ResultsFile.ScoredPair pair(Path file, JsonNode n) {
        if (!n.isArray() || n.size() != 3 || !n.get(0).isTextual() || !n.get(1).isTextual() || !n.get(2).isNumber()) {
            throw fail(file, "every pair must be [key, key, score], got " + abbreviate(n.toString()));
        }
        return new ResultsFile.ScoredPair(n.get(0).asText(), n.get(1).asText(), n.get(2).asDouble());
    }

    private static ActionInfo actions(Path file, JsonNode n) {
        ActionInfo.Mode mode;
        try {
            mode = ActionInfo.Mode.parse(text(file, n, "mode", "actions"));
        } catch (IllegalArgumentException e) {
            throw fail(file, e.getMessage());
        }
        return new ActionInfo(mode, optionalPath(n.get("target")), optionalPath(n.get("journal")));
    }

    private static Path optionalPath(JsonNode n) {
        return n == null || n.isNull() ? null : Path.of(n.asText());
    }

    private static String text(Path file, JsonNode n, String field, String what) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw fail(file, what + " without a '" + field + "' string: " + abbreviate(n.toString()));
        }
        return v.asText();
    }

    private static double number(Path file, JsonNode n, String what) {
        if (n == null || !n.isNumber()) {
            throw fail(file, "'" + what + "' must be a number");
        }
        return n.asDouble();
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    private static ResultsException fail(Path file, String message) {
        return new ResultsException(file + ": " + message);
    }

    private static ResultsException notJson(Path file, JsonProcessingException e) {
        String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                + ", column " + e.getLocation().getColumnNr();
        return new ResultsException(file + ": not valid JSON" + where + " (" + e.getOriginalMessage()
                .replaceAll("\\s+", " ").strip() + ")", e);
    }

    private static ResultsException unreadable(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new ResultsException(file + ": no such file", e);
        }
        if (e instanceof AccessDeniedException) {
            return new ResultsException(file + ": permission denied", e);
        }
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().replaceAll("\\s+", " ");
        return new ResultsException(file + ": cannot read (" + m + ")", e);
    }
}
