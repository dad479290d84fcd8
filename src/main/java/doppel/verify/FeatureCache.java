package doppel.verify;

import doppel.image.ImageException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keypoints and descriptors of images saved between runs ({@code find --feature-cache FILE}), so that a second
 * {@code --thorough} run over mostly the same files skips their decoding and ORB extraction.
 *
 * <p>An entry is served only for the same absolute path with the same size and modification time as when it was
 * extracted, and only when the file was written with this extractor's settings; anything else is extracted
 * again. The file is untrusted input: a file that is not a feature cache is refused (so a wrong path is never
 * overwritten); a cache of an older format or other settings is ignored and rewritten; a truncated or
 * inconsistent one is refused in one line. {@link #save} writes beside the file and then moves it into place, so
 * an interrupted run leaves the old cache whole. The format is described in {@code docs/feature-cache.md}.
 */
public final class FeatureCache {
    private static final byte[] MAGIC = "DOPPELKP".getBytes(StandardCharsets.US_ASCII);
    /** 2: each entry may carry the features of its image composited onto white. */
    static final int VERSION = 2;
    /** Bytes of one ORB descriptor. */
    private static final int DESCRIPTOR_BYTES = 32;
    /** Bounds that no real entry exceeds, so a damaged count cannot make the reader allocate gigabytes. */
    private static final int MAX_POINTS = 100_000;
    private static final int MAX_PATH_BYTES = 65_536;

    /** What a cached entry is valid for: the file as it was when its features were extracted. */
    private record Entry(long size, long mtime, Features features) {
    }

    private final Path file;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicInteger hits = new AtomicInteger();
    private final AtomicInteger misses = new AtomicInteger();
    /** Whether the file's entries are worth writing back (something was extracted, or entries went stale). */
    private volatile boolean changed;

    private FeatureCache(Path file) {
        this.file = file;
    }

    /** A cache that lives only as long as this run (no file). */
    public static FeatureCache inMemory() {
        return new FeatureCache(null);
    }

    /**
     * The cache saved in {@code file}, or an empty one to be saved there when the file does not exist yet or was
     * written by another format version or with other extractor settings.
     *
     * @throws IllegalArgumentException (one line) when the file exists but is not a readable Doppel feature cache
     */
    public static FeatureCache open(Path file) {
        FeatureCache cache = new FeatureCache(file);
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
            cache.read(in);
        } catch (NoSuchFileException e) {
            cache.changed = true;
        } catch (EOFException e) {
            throw new IllegalArgumentException("feature cache " + file + " is truncated; delete it to start afresh");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read feature cache " + file + ": " + e.getMessage());
        }
        return cache;
    }

    private void read(DataInputStream in) throws IOException {
        byte[] magic = new byte[MAGIC.length];
        if (in.read(magic) != MAGIC.length || !Arrays.equals(magic, MAGIC)) {
            throw new IllegalArgumentException(file + " is not a Doppel feature cache (refusing to overwrite it)");
        }
        int version = in.readInt();
        int maxSide = in.readInt();
        int keypoints = in.readInt();
        if (version != VERSION || maxSide != FeatureExtractor.MAX_SIDE || keypoints != FeatureExtractor.KEYPOINTS) {
            changed = true; // written by another version or with other settings: nothing in it applies
            return;
        }
        int count = in.readInt();
        if (count < 0) {
            throw new IllegalArgumentException("feature cache " + file + " is damaged (negative entry count)");
        }
        for (int i = 0; i < count; i++) {
            int pathLength = in.readInt();
            check(pathLength > 0 && pathLength <= MAX_PATH_BYTES, "path length");
            byte[] path = in.readNBytes(pathLength);
            check(path.length == pathLength, "path");
            long size = in.readLong();
            long mtime = in.readLong();
            int width = in.readInt();
            int height = in.readInt();
            check(width > 0 && height > 0 && width <= FeatureExtractor.MAX_SIDE && height <= FeatureExtractor.MAX_SIDE,
                    "frame size");
            Features plain = readFeatures(in, width, height);
            int views = in.readUnsignedByte();
            check(views == 0 || views == 1, "over-white flag");
            entries.put(new String(path, StandardCharsets.UTF_8), new Entry(size, mtime,
                    views == 0 ? plain : plain.withOverWhite(readFeatures(in, width, height))));
        }
    }

    /** A content box and the straight and mirrored keypoints, in a frame of {@code width x height}. */
    private Features readFeatures(DataInputStream in, int width, int height) throws IOException {
        ContentBox box = new ContentBox(in.readInt(), in.readInt(), in.readInt(), in.readInt());
        check(box.x() >= 0 && box.y() >= 0 && box.width() >= 0 && box.height() >= 0
                && box.x() + box.width() <= width && box.y() + box.height() <= height, "content box");
        Features.Side straight = readSide(in);
        Features.Side mirrored = readSide(in);
        return new Features(width, height, straight.points(), straight.descriptors(), mirrored, box);
    }

    private Features.Side readSide(DataInputStream in) throws IOException {
        int n = in.readInt();
        check(n >= 0 && n <= MAX_POINTS, "keypoint count");
        float[] points = new float[2 * n];
        for (int i = 0; i < points.length; i++) {
            points[i] = in.readFloat();
            check(Float.isFinite(points[i]), "keypoint");
        }
        byte[] descriptors = in.readNBytes(n * DESCRIPTOR_BYTES);
        if (descriptors.length != n * DESCRIPTOR_BYTES) {
            throw new EOFException();
        }
        return new Features.Side(points, descriptors);
    }

    private void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException("feature cache " + file + " is damaged (bad " + what + ")");
        }
    }

    /**
     * The features of {@code image}: from the cache when it holds them for the file as it is now, else extracted
     * (and kept for {@link #save}).
     */
    public Features get(Path image, Extraction extract) throws ImageException {
        Path absolute = image.toAbsolutePath().normalize();
        String key = absolute.toString();
        BasicFileAttributes attrs = stat(absolute);
        Entry e = entries.get(key);
        if (attrs != null && e != null && e.size() == attrs.size() && e.mtime() == attrs.lastModifiedTime().toMillis()) {
            hits.incrementAndGet();
            return e.features();
        }
        misses.incrementAndGet();
        Features f = extract.apply(image);
        BasicFileAttributes after = stat(absolute);
        // kept only when the file did not change while it was read, so an entry never outlives its content
        if (attrs != null && after != null && after.size() == attrs.size()
                && after.lastModifiedTime().equals(attrs.lastModifiedTime())) {
            entries.put(key, new Entry(attrs.size(), attrs.lastModifiedTime().toMillis(), f));
            changed = true;
        }
        return f;
    }

    /** How features are computed when the cache has none. */
    @FunctionalInterface
    public interface Extraction {
        Features apply(Path image) throws ImageException;
    }

    /** Whether this cache has a file to be saved to. */
    public boolean persistent() {
        return file != null;
    }

    /** Images served from the cache in this run. */
    public int hits() {
        return hits.get();
    }

    /** Images whose features were extracted in this run. */
    public int misses() {
        return misses.get();
    }

    /**
     * Writes the cache back to its file (nothing for an in-memory cache, or when nothing changed): every entry of
     * this run, and those of earlier runs whose file still has the size and time they were extracted at.
     *
     * @throws IOException when the file cannot be written (the old one is then left as it was)
     */
    public void save() throws IOException {
        if (file == null) {
            return;
        }
        entries.entrySet().removeIf(e -> {
            BasicFileAttributes a = stat(Path.of(e.getKey()));
            boolean stale = a == null || a.size() != e.getValue().size()
                    || a.lastModifiedTime().toMillis() != e.getValue().mtime();
            changed |= stale;
            return stale;
        });
        if (!changed) {
            return;
        }
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            try (OutputStream raw = Files.newOutputStream(tmp);
                 DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16))) {
                write(out);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        changed = false;
    }

    private void write(DataOutputStream out) throws IOException {
        out.write(MAGIC);
        out.writeInt(VERSION);
        out.writeInt(FeatureExtractor.MAX_SIDE);
        out.writeInt(FeatureExtractor.KEYPOINTS);
        Map<String, Entry> snapshot = Map.copyOf(entries);
        out.writeInt(snapshot.size());
        for (Map.Entry<String, Entry> e : snapshot.entrySet()) {
            byte[] path = e.getKey().getBytes(StandardCharsets.UTF_8);
            out.writeInt(path.length);
            out.write(path);
            Entry entry = e.getValue();
            out.writeLong(entry.size());
            out.writeLong(entry.mtime());
            Features f = entry.features();
            out.writeInt(f.width());
            out.writeInt(f.height());
            writeFeatures(out, f);
            out.writeByte(f.overWhite() == null ? 0 : 1);
            if (f.overWhite() != null) {
                writeFeatures(out, f.overWhite());
            }
        }
    }

    private static void writeFeatures(DataOutputStream out, Features f) throws IOException {
        ContentBox box = f.content();
        out.writeInt(box.x());
        out.writeInt(box.y());
        out.writeInt(box.width());
        out.writeInt(box.height());
        writeSide(out, f.straight());
        writeSide(out, f.mirrored());
    }

    private static void writeSide(DataOutputStream out, Features.Side side) throws IOException {
        out.writeInt(side.count());
        for (float v : side.points()) {
            out.writeFloat(v);
        }
        out.write(side.descriptors());
    }

    private static BasicFileAttributes stat(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class);
        } catch (IOException e) {
            return null;
        }
    }
}
