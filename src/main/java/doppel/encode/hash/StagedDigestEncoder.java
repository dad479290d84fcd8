package doppel.encode.hash;

import doppel.dataset.ImageFile;
import doppel.dataset.SkippedFile;
import doppel.encode.BitHash;
import doppel.encode.EncodeSink;
import doppel.encode.EncodedImage;
import doppel.encode.Encoder;
import doppel.encode.EncoderException;
import doppel.encode.EncoderSpec;
import doppel.progress.Progress;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * Content digests (md5, sha256) read the way jdupes reads: a file whose size no other file has cannot have a
 * byte-identical partner; of the others, the first {@value #PARTIAL_BYTES} bytes are compared (by their CRC-32C), and
 * only files whose size and leading bytes both collide are digested in full. A search over these fingerprints finds
 * the same pairs as one over full digests.
 *
 * <p>Every file digested in full also gets its SHA-256 in the same read, reported through
 * {@link EncodeSink#contentSha256}: these are exactly the files that can end up kept or removed, whose SHA-256
 * results and plans record, so a run never reads them a second time for it.
 *
 * <p>For a run whose fingerprints are searched and then dropped ({@code searchOnly}), a file that cannot have a
 * partner gets a stand-in fingerprint, unique to it and never a digest of its content, and is read no further; a
 * file read whole gets its SHA-256, cut to the encoder's bits, as its fingerprint: for equality the same as its MD5
 * (equal exactly for byte-identical files), one digest instead of two, and not fooled by crafted MD5 collisions.
 * Encodings files must hold real digests (a later run may bring a partner), so a run that saves them reads every
 * file once: each gets its real digest, and only files whose size collides get the SHA-256 beside it.
 */
public final class StagedDigestEncoder implements Encoder {
    /**
     * Leading bytes compared to tell apart files of the same size, as jdupes does. Same-size files rarely share
     * them unless they are copies (a shared camera header costs only a whole read of those few files), and on
     * collections of small files the heads are most of what is read: 16 KiB read 3x the bytes of 4 KiB on 84,000
     * files of about 24 KB, for the same candidates (BENCHMARKS.md, exact duplicates).
     */
    static final int PARTIAL_BYTES = 4 * 1024;
    private static final int BUFFER_BYTES = 1 << 16;
    /**
     * One head buffer and one read buffer per worker thread, reused: a fresh buffer per file cost as much zeroing as
     * the read it served (on 84,000 small files, a tenth of the run's Java samples). The head buffer holds one byte
     * more than the head, which tells a file that ends with its head from one that goes on, without asking its size.
     */
    private static final ThreadLocal<byte[]> HEAD_BUFFER = ThreadLocal.withInitial(() -> new byte[PARTIAL_BYTES + 1]);
    private static final ThreadLocal<byte[]> READ_BUFFER = ThreadLocal.withInitial(() -> new byte[BUFFER_BYTES]);
    private static final String SHA256 = "SHA-256";
    /** First 8 bytes of every stand-in fingerprint ("doppel" + two zero bytes). */
    private static final long STAND_IN_MARKER = 0x646f7070656c0000L;

    private final HashEncoder full;
    private final String algorithm;
    private final boolean searchOnly;

    private StagedDigestEncoder(HashEncoder full, String algorithm, boolean searchOnly) {
        this.full = full;
        this.algorithm = algorithm;
        this.searchOnly = searchOnly;
    }

    /**
     * The staged encoder for a content digest (md5, sha256), or {@code encoder} itself for any other.
     *
     * @param searchOnly true when the fingerprints are searched and then dropped, never saved: files that cannot
     *                   have a partner are then not read at all
     */
    public static Encoder wrap(Encoder encoder, boolean searchOnly) {
        if (encoder instanceof HashEncoder h && h.digestAlgorithm() != null) {
            return new StagedDigestEncoder(h, h.digestAlgorithm(), searchOnly);
        }
        return encoder;
    }

    @Override
    public EncoderSpec spec() {
        return full.spec();
    }

    @Override
    public String runtimeNote() {
        return full.runtimeNote() + ", size-first";
    }

    @Override
    public void encode(List<ImageFile> files, EncodeSink sink, Progress progress) {
        Map<Long, List<ImageFile>> bySize = new HashMap<>();
        for (ImageFile f : files) {
            bySize.computeIfAbsent(f.size(), s -> new ArrayList<>()).add(f);
        }
        List<ImageFile> alone = new ArrayList<>();
        List<ImageFile> sameSize = new ArrayList<>();
        for (List<ImageFile> group : bySize.values()) {
            // Zero-byte files are read like the others, to be skipped with the usual reason.
            (group.size() == 1 && group.get(0).size() > 0 ? alone : sameSize).addAll(group);
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, full.options().workers()), full.workerThreads());
        try {
            if (!searchOnly) {
                // SHA-256 only where a partner is possible; for sha256 it comes with the fingerprint anyway.
                forEach(pool, alone, f -> finish(f, start(false), sink, progress));
                forEach(pool, sameSize, f -> finish(f, start(true), sink, progress));
                return;
            }
            long standIns = 0;
            for (ImageFile f : alone) {
                sink.encoded(standIn(f, standIns++));
                progress.step(1);
            }
            Map<ImageFile, Long> heads = new ConcurrentHashMap<>();
            forEach(pool, sameSize, f -> {
                Long head = readHead(f, sink, progress);
                if (head != null) {
                    heads.put(f, head);
                }
            });
            Map<List<Long>, List<ImageFile>> byHead = new HashMap<>();
            heads.forEach((f, crc) -> byHead.computeIfAbsent(List.of(f.size(), crc), k -> new ArrayList<>()).add(f));
            List<ImageFile> candidates = new ArrayList<>();
            for (List<ImageFile> group : byHead.values()) {
                if (group.size() == 1) {
                    sink.encoded(standIn(group.get(0), standIns++));
                    progress.step(1);
                } else {
                    candidates.addAll(group);
                }
            }
            forEach(pool, candidates, f -> finish(f, start(true), sink, progress));
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The digests a file is read into: the fingerprint's, and the SHA-256's, which is the same digest where the
     * fingerprint is taken from the SHA-256, and null where it is not wanted.
     */
    private record Digests(MessageDigest fingerprint, MessageDigest sha256) {
    }

    private Digests start(boolean withSha256) {
        if (algorithm.equals(SHA256) || searchOnly) {
            MessageDigest sha256 = newDigest(SHA256);
            return new Digests(sha256, sha256);
        }
        return new Digests(newDigest(algorithm), withSha256 ? newDigest(SHA256) : null);
    }

    /**
     * The CRC-32C of the first {@value #PARTIAL_BYTES} bytes of a file whose size collides: a cheap key (the JVM
     * computes it in hardware from the first call, where a digest runs slowly until compiled) that tells most files
     * of the same size apart. A file that ends within them gets its digests at once; returns null then.
     */
    private Long readHead(ImageFile f, EncodeSink sink, Progress progress) {
        try (InputStream in = open(f)) {
            byte[] buf = HEAD_BUFFER.get();
            int n = in.readNBytes(buf, 0, buf.length);
            if (n <= PARTIAL_BYTES) {
                Digests d = start(true);
                update(d, buf, n);
                report(f, d, n, sink);
                progress.step(1);
                return null;
            }
            CRC32C crc = new CRC32C();
            crc.update(buf, 0, PARTIAL_BYTES);
            return crc.getValue();
        } catch (IOException e) {
            sink.skipped(unreadable(f, e));
            progress.step(1);
            return null;
        }
    }

    /**
     * Opens a file through java.io: thousands of opens run mostly uncompiled in a short run, and a FileInputStream
     * has fewer layers to run than a FileChannel (1,049 heads read in 57 ms against 90 ms, BENCHMARKS.md). A file
     * that cannot be opened fails with NIO's exception, so that the skip reason is the other encoders' reason.
     */
    private static InputStream open(ImageFile f) throws IOException {
        Path path = f.path();
        try {
            return new FileInputStream(path.toFile());
        } catch (FileNotFoundException e) {
            Files.newByteChannel(path).close();
            throw e;
        }
    }

    /** Reads a whole file into fresh digests and reports it. */
    private void finish(ImageFile f, Digests d, EncodeSink sink, Progress progress) {
        long total = 0;
        try (InputStream in = open(f)) {
            byte[] buf = READ_BUFFER.get();
            for (int n; (n = in.read(buf)) >= 0; ) {
                total += n;
                update(d, buf, n);
            }
            report(f, d, total, sink);
        } catch (IOException e) {
            sink.skipped(unreadable(f, e));
        }
        progress.step(1);
    }

    private static void update(Digests d, byte[] buf, int length) {
        d.fingerprint().update(buf, 0, length);
        if (d.sha256() != null && d.sha256() != d.fingerprint()) {
            d.sha256().update(buf, 0, length);
        }
    }

    private void report(ImageFile f, Digests d, long bytes, EncodeSink sink) {
        if (bytes == 0) {
            sink.skipped(new SkippedFile(f.dataset().name(), f.relativePath(), "zero-byte file"));
            return;
        }
        byte[] digest = d.fingerprint().digest();
        int bits = full.spec().size();
        sink.encoded(new EncodedImage(f, BitHash.fromBytes(Arrays.copyOf(digest, bits / 8), bits)));
        if (d.sha256() == d.fingerprint()) {
            sink.contentSha256(f, HexFormat.of().formatHex(digest));
        } else if (d.sha256() != null) {
            sink.contentSha256(f, HexFormat.of().formatHex(d.sha256().digest()));
        }
    }

    private static SkippedFile unreadable(ImageFile f, IOException e) {
        String why = e instanceof NoSuchFileException ? "no such file" : String.valueOf(e.getMessage()).strip();
        return new SkippedFile(f.dataset().name(), f.relativePath(), "unreadable file: " + why);
    }

    /** Runs {@code task} on every file on the pool's threads and waits; a task's runtime failure fails the run. */
    private void forEach(ExecutorService pool, List<ImageFile> files, Consumer<ImageFile> task) {
        HashEncoder.forEachOnPool(pool, full.options().workers(), files, spec().name(), task);
    }

    /**
     * A fingerprint that equals no other file's: a fixed marker and a number unique in this run, not a digest of
     * the file's content. Equal to a real content digest only if the digest hits this exact value, a preimage no
     * one can compute for md5 or sha256.
     */
    private EncodedImage standIn(ImageFile f, long number) {
        int bits = full.spec().size();
        long[] words = new long[bits / 64];
        words[0] = STAND_IN_MARKER;
        words[1] = number;
        return new EncodedImage(f, BitHash.of(words, bits));
    }

    private static MessageDigest newDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new EncoderException(algorithm + " is not available in this Java runtime", e);
        }
    }

    @Override
    public void close() {
        full.close();
    }
}
