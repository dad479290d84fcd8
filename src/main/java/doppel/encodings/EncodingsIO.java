package doppel.encodings;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamWriteFeature;
import doppel.dataset.Dataset;
import doppel.dataset.ImageExtensions;
import doppel.dataset.ImageFile;
import doppel.encode.BitHash;
import doppel.encode.Embedding;
import doppel.encode.EncodedImage;
import doppel.encode.EncoderSpec;
import doppel.encode.Fingerprint;
import doppel.dataset.SkippedFile;
import doppel.io.AtomicWrite;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes encodings files with Jackson's streaming API, so a million entries take about a second.
 *
 * <h2>Format (version 1)</h2>
 * <pre>{@code
 * {"format": "doppel-encodings", "version": 1,
 *  "encoder": {"name": "phash", "metric": "HAMMING", "size": 64,
 *              "params": {"hash_size": "8"}, "variant_params": {"decoder": "opencv"}},
 *  "datasets": [{"name": "cats", "root": "/abs/path/cats"}],
 *  "images": [{"dataset": "cats", "path": "data/a.jpg", "size": 12345, "mtime": 1700000000000,
 *              "width": 640, "height": 480, "hash": "f0e1d2c3b4a59687",
 *              "variants": ["...", "..."]}],
 *  "skipped": [{"dataset": "cats", "path": "b.jpg", "reason": "zero-byte file"}]}
 * }</pre>
 * <ul>
 *   <li>{@code hash}: a {@link BitHash} as lower-case hex, most significant bit first (imagededup's form);
 *       an {@link Embedding} is written as {@code "vector"}: base64 of its float32 values, little-endian.</li>
 *   <li>{@code variants} (optional): fingerprints of rotations/flips, each encoded like the main one.</li>
 *   <li>{@code path} is relative to the dataset root, '/'-separated; {@code size} in bytes, {@code mtime}
 *       in milliseconds since the epoch (-1 when unknown); width/height 0 when unknown.</li>
 * </ul>
 * Also read: imagededup's plain maps {@code {"file": "hexhash"}} (HAMMING, 4 bits per hex digit) and
 * {@code {"file": [floats]}} (COSINE); their dataset is named by the JSON file's stem, rooted at its
 * folder, and size/mtime are unknown (-1), so they are never reused in place of encoding again.
 *
 * <p>Writes are atomic: a temporary file in the target folder is written, fsync'ed and renamed over the
 * target, so a crash leaves either the old file or the new one, never half of one.
 */
public final class EncodingsIO {
    /** Value of the "format" field. */
    public static final String FORMAT = "doppel-encodings";
    /** The version this class writes and the newest it reads. */
    public static final int VERSION = 1;

    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET) // the channel must stay open for fsync
            .build();

    private EncodingsIO() {
    }

    /**
     * Writes {@code enc} to {@code file} atomically, creating parent folders.
     *
     * @throws EncodingsException when the file cannot be written (the old file, if any, is untouched)
     */
    public static void write(Encodings enc, Path file) {
        try {
            AtomicWrite.write(file, out -> {
                try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
                    g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                    writeDocument(enc, g);
                }
            });
        } catch (IOException | RuntimeException e) {
            throw new EncodingsException("cannot write " + file + ": " + oneLine(e), e);
        }
    }

    private static void writeDocument(Encodings enc, JsonGenerator g) throws IOException {
        EncoderSpec spec = enc.spec();
        g.writeStartObject();
        g.writeStringField("format", FORMAT);
        g.writeNumberField("version", VERSION);
        g.writeObjectFieldStart("encoder");
        g.writeStringField("name", spec.name());
        g.writeStringField("metric", spec.metric().name());
        g.writeNumberField("size", spec.size());
        writeMap(g, "params", spec.params());
        writeMap(g, "variant_params", spec.variantParams());
        g.writeEndObject();
        g.writeArrayFieldStart("datasets");
        for (Dataset d : enc.datasets()) {
            g.writeStartObject();
            g.writeStringField("name", d.name());
            g.writeStringField("root", d.root().toString());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("images");
        for (EncodedImage e : enc.images()) {
            ImageFile f = e.file();
            g.writeStartObject();
            g.writeStringField("dataset", f.dataset().name());
            g.writeStringField("path", f.relativePath());
            g.writeNumberField("size", f.size());
            g.writeNumberField("mtime", f.mtimeMillis());
            g.writeNumberField("width", e.width());
            g.writeNumberField("height", e.height());
            if (e.fingerprint() instanceof BitHash h) {
                g.writeStringField("hash", h.toHex());
            } else {
                g.writeFieldName("vector");
                g.writeBinary(floatsToBytes(((Embedding) e.fingerprint()).vector()));
            }
            if (!e.variants().isEmpty()) {
                g.writeArrayFieldStart("variants");
                for (Fingerprint v : e.variants()) {
                    if (v instanceof BitHash h) {
                        g.writeString(h.toHex());
                    } else {
                        g.writeBinary(floatsToBytes(((Embedding) v).vector()));
                    }
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("skipped");
        for (SkippedFile s : enc.skipped()) {
            g.writeStartObject();
            g.writeStringField("dataset", s.dataset());
            g.writeStringField("path", s.relativePath());
            g.writeStringField("reason", s.reason());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void writeMap(JsonGenerator g, String field, Map<String, String> map) throws IOException {
        g.writeObjectFieldStart(field);
        for (Map.Entry<String, String> en : new TreeMap<>(map).entrySet()) {
            g.writeStringField(en.getKey(), en.getValue());
        }
        g.writeEndObject();
    }

    /** Reads a doppel encodings file or an imagededup map (named "unknown" in the spec). */
    public static Encodings read(Path file) {
        return read(file, null);
    }

    /**
     * Reads a doppel encodings file, or an imagededup plain map whose encoder name (and, when metric and
     * size agree, the whole spec) is taken from {@code hint}.
     *
     * @param hint the spec of the encoder the user named, or null
     * @throws EncodingsException when the file is absent, unreadable or in no known format
     */
    public static Encodings read(Path file, EncoderSpec hint) {
        try (InputStream in = Files.newInputStream(file); JsonParser p = JSON.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new EncodingsException("cannot read " + file + ": unknown format (not a JSON object)");
            }
            JsonToken t = p.nextToken();
            if (t == JsonToken.FIELD_NAME && "format".equals(p.currentName())) {
                p.nextToken();
                if (!FORMAT.equals(p.getValueAsString())) {
                    throw new EncodingsException("cannot read " + file + ": unknown format '" + p.getText() + "'");
                }
                return readDoppel(p, file);
            }
            return readPlainMap(p, file, hint);
        } catch (EncodingsException e) {
            throw e;
        } catch (NoSuchFileException e) {
            throw new EncodingsException("cannot read " + file + ": no such file", e);
        } catch (JsonProcessingException e) {
            throw new EncodingsException("cannot read " + file + ": bad JSON at line "
                    + e.getLocation().getLineNr() + ": " + e.getOriginalMessage().lines().findFirst().orElse(""), e);
        } catch (IOException | RuntimeException e) {
            throw new EncodingsException("cannot read " + file + ": " + oneLine(e), e);
        }
    }

    /** An image entry before its dataset is known (datasets may come after images in hand-made files). */
    private record Pending(String dataset, String path, long size, long mtime, int width, int height,
                           Fingerprint fingerprint, List<Fingerprint> variants) {
    }

    private static Encodings readDoppel(JsonParser p, Path file) throws IOException {
        EncoderSpec spec = null;
        Map<String, Dataset> datasets = new LinkedHashMap<>();
        List<Pending> pending = new ArrayList<>();
        List<SkippedFile> skipped = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            switch (field) {
                case "version" -> {
                    if (p.getValueAsInt(-1) < 1 || p.getValueAsInt() > VERSION) {
                        throw new EncodingsException("cannot read " + file + ": unsupported version " + p.getText()
                                + " (this doppel reads version " + VERSION + ")");
                    }
                }
                case "encoder" -> spec = readSpec(p, file);
                case "datasets" -> {
                    expect(v, JsonToken.START_ARRAY, field, file);
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        Map<String, String> m = readFlatObject(p);
                        String name = m.get("name");
                        String root = m.get("root");
                        if (name == null || root == null) {
                            throw new EncodingsException("cannot read " + file + ": dataset without name or root");
                        }
                        datasets.put(name, new Dataset(name, Path.of(root)));
                    }
                }
                case "images" -> {
                    expect(v, JsonToken.START_ARRAY, field, file);
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        pending.add(readImage(p, file));
                    }
                }
                case "skipped" -> {
                    expect(v, JsonToken.START_ARRAY, field, file);
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        Map<String, String> m = readFlatObject(p);
                        skipped.add(new SkippedFile(nonNull(m.get("dataset"), "dataset", file),
                                nonNull(m.get("path"), "path", file), m.getOrDefault("reason", "")));
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (spec == null) {
            throw new EncodingsException("cannot read " + file + ": no \"encoder\"");
        }
        List<EncodedImage> images = new ArrayList<>(pending.size());
        for (Pending e : pending) {
            Dataset d = datasets.get(e.dataset());
            if (d == null) {
                throw new EncodingsException("cannot read " + file + ": image " + e.path() + " names unknown dataset '"
                        + e.dataset() + "'");
            }
            Fingerprint main = fit(spec, e.fingerprint(), e, file);
            List<Fingerprint> variants = new ArrayList<>(e.variants().size());
            for (Fingerprint variant : e.variants()) {
                variants.add(fit(spec, variant, e, file));
            }
            images.add(new EncodedImage(new ImageFile(d, e.path(), e.size(), e.mtime()), main, variants,
                    e.width(), e.height()));
        }
        return new Encodings(spec, new ArrayList<>(datasets.values()), images, skipped);
    }

    /**
     * The fingerprint as the spec's size: hex holds whole bytes, so a hash whose bits are not a multiple of 8
     * (e.g. 25 bits for --hash-size 5) comes back with zero padding bits, which are dropped here.
     */
    private static Fingerprint fit(EncoderSpec spec, Fingerprint fp, Pending e, Path file) {
        Fingerprint fitted = null;
        if (spec.metric() == EncoderSpec.Metric.HAMMING && fp instanceof BitHash h) {
            fitted = h.bits() == spec.size() ? h : h.truncate(spec.size());
        } else if (spec.metric() == EncoderSpec.Metric.COSINE && fp instanceof Embedding v && v.dimension() == spec.size()) {
            fitted = v;
        }
        if (fitted == null) {
            throw new EncodingsException("cannot read " + file + ": fingerprint of " + e.dataset() + "/" + e.path()
                    + " does not fit " + spec.describe());
        }
        return fitted;
    }

    private static EncoderSpec readSpec(JsonParser p, Path file) throws IOException {
        expect(p.currentToken(), JsonToken.START_OBJECT, "encoder", file);
        String name = null;
        String metric = null;
        int size = -1;
        Map<String, String> params = Map.of();
        Map<String, String> variantParams = Map.of();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "name" -> name = p.getValueAsString();
                case "metric" -> metric = p.getValueAsString();
                case "size" -> size = p.getValueAsInt(-1);
                case "params" -> params = readFlatObject(p);
                case "variant_params" -> variantParams = readFlatObject(p);
                default -> p.skipChildren();
            }
        }
        if (name == null || metric == null || size <= 0) {
            throw new EncodingsException("cannot read " + file + ": encoder needs name, metric and size");
        }
        EncoderSpec.Metric m;
        try {
            m = EncoderSpec.Metric.valueOf(metric);
        } catch (IllegalArgumentException e) {
            throw new EncodingsException("cannot read " + file + ": unknown metric '" + metric + "'");
        }
        return new EncoderSpec(name, m, size, params, variantParams);
    }

    private static Pending readImage(JsonParser p, Path file) throws IOException {
        String dataset = null;
        String path = null;
        long size = -1;
        long mtime = -1;
        int width = 0;
        int height = 0;
        Fingerprint fp = null;
        List<String> rawVariants = List.of();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            switch (field) {
                case "dataset" -> dataset = p.getText();
                case "path" -> path = p.getText();
                case "size" -> size = p.getValueAsLong(-1);
                case "mtime" -> mtime = p.getValueAsLong(-1);
                case "width" -> width = p.getValueAsInt(0);
                case "height" -> height = p.getValueAsInt(0);
                case "hash" -> fp = parseHex(p.getText());
                case "vector" -> fp = Embedding.of(bytesToFloats(p.getBinaryValue()));
                case "variants" -> {
                    expect(t, JsonToken.START_ARRAY, "variants", file);
                    rawVariants = new ArrayList<>(8);
                    while (p.nextToken() == JsonToken.VALUE_STRING) {
                        rawVariants.add(p.getText());
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (dataset == null || path == null || fp == null) {
            throw new EncodingsException("cannot read " + file + ": image entry at line "
                    + p.currentLocation().getLineNr() + " needs dataset, path and hash or vector");
        }
        // Variants are encoded like the main fingerprint, which may come after them in hand-made files.
        List<Fingerprint> variants = new ArrayList<>(rawVariants.size());
        for (String raw : rawVariants) {
            variants.add(fp instanceof BitHash ? parseHex(raw)
                    : Embedding.of(bytesToFloats(Base64Variants.getDefaultVariant().decode(raw))));
        }
        return new Pending(dataset, path, size, mtime, width, height, fp, variants);
    }

    private static Encodings readPlainMap(JsonParser p, Path file, EncoderSpec hint) throws IOException {
        Path folder = file.toAbsolutePath().normalize().getParent();
        Dataset dataset = new Dataset(ImageExtensions.stem(file.getFileName().toString()), folder);
        List<EncodedImage> images = new ArrayList<>();
        List<SkippedFile> skipped = new ArrayList<>();
        EncoderSpec.Metric metric = null;
        int size = -1;
        for (JsonToken t = p.currentToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String key = p.currentName();
            JsonToken v = p.nextToken();
            Fingerprint fp;
            if (v == JsonToken.VALUE_STRING) {
                fp = parseHex(p.getText());
            } else if (v == JsonToken.START_ARRAY) {
                fp = Embedding.of(readFloats(p, file));
            } else if (v == JsonToken.VALUE_NULL) {
                skipped.add(new SkippedFile(dataset.name(), key, "no encoding in " + file.getFileName()));
                continue;
            } else {
                throw new EncodingsException("cannot read " + file + ": unknown format (value of '" + key
                        + "' is neither a hex hash nor a list of numbers)");
            }
            EncoderSpec.Metric m = fp instanceof BitHash ? EncoderSpec.Metric.HAMMING : EncoderSpec.Metric.COSINE;
            int s = fp instanceof BitHash h ? h.bits() : ((Embedding) fp).dimension();
            if (metric == null) {
                metric = m;
                size = s;
            } else if (metric != m || size != s) {
                throw new EncodingsException("cannot read " + file + ": entry '" + key + "' differs in kind or size"
                        + " from the first entry");
            }
            images.add(new EncodedImage(new ImageFile(dataset, key, -1, -1), fp));
        }
        if (metric == null) {
            metric = hint != null ? hint.metric() : EncoderSpec.Metric.HAMMING;
            size = hint != null ? hint.size() : 64;
        }
        EncoderSpec spec = hint != null && hint.metric() == metric && hint.size() == size ? hint
                : new EncoderSpec(hint != null ? hint.name() : "unknown", metric, size, Map.of(), Map.of());
        return new Encodings(spec, List.of(dataset), images, skipped);
    }

    private static float[] readFloats(JsonParser p, Path file) throws IOException {
        float[] buf = new float[64];
        int n = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.VALUE_NUMBER_FLOAT && t != JsonToken.VALUE_NUMBER_INT) {
                throw new EncodingsException("cannot read " + file + ": non-number in a vector at line "
                        + p.currentLocation().getLineNr());
            }
            if (n == buf.length) {
                buf = java.util.Arrays.copyOf(buf, n * 2);
            }
            buf[n++] = p.getFloatValue();
        }
        return java.util.Arrays.copyOf(buf, n);
    }

    private static BitHash parseHex(String hex) {
        if (hex.length() == 16) {
            // The common 64-bit case, without the byte array detour.
            return BitHash.of64(Long.parseUnsignedLong(hex, 16));
        }
        return BitHash.fromHex(hex);
    }

    private static Map<String, String> readFlatObject(JsonParser p) throws IOException {
        Map<String, String> m = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String k = p.currentName();
            JsonToken v = p.nextToken();
            if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
                p.skipChildren();
            } else if (v != JsonToken.VALUE_NULL) {
                m.put(k, p.getText());
            }
        }
        return m;
    }

    private static void expect(JsonToken actual, JsonToken expected, String field, Path file) {
        if (actual != expected) {
            throw new EncodingsException("cannot read " + file + ": \"" + field + "\" should be "
                    + (expected == JsonToken.START_ARRAY ? "a list" : "an object"));
        }
    }

    private static String nonNull(String value, String field, Path file) {
        if (value == null) {
            throw new EncodingsException("cannot read " + file + ": skipped entry without " + field);
        }
        return value;
    }

    static byte[] floatsToBytes(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return b.array();
    }

    static float[] bytesToFloats(byte[] bytes) {
        if (bytes.length == 0 || bytes.length % 4 != 0) {
            throw new IllegalArgumentException("vector of " + bytes.length + " bytes is not a float32 list");
        }
        float[] v = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }

    private static String oneLine(Exception e) {
        if (e instanceof java.nio.file.FileAlreadyExistsException f) {
            // createDirectories met a file where a folder of the path should be
            return f.getFile() + " is a file, not a folder";
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }
}
