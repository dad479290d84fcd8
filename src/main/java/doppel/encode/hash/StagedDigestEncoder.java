package doppel.encode.hash;

import doppel.dataset.ImageFile;
import doppel.encode.BitHash;
import doppel.encode.EncodeSink;
import doppel.encode.EncodedImage;
import doppel.encode.Encoder;
import doppel.encode.EncoderException;
import doppel.encode.EncoderSpec;
import doppel.dataset.SkippedFile;
import doppel.progress.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;

/**
 * Exact duplicates the way jdupes finds them: only files whose size collides are read, first their
 * {@value #PARTIAL_BYTES} leading bytes, and only files whose size and leading bytes both collide are
 * digested in full. A search over these fingerprints finds the same pairs as one over full digests.
 *
 * <p>A file that cannot have a byte-identical partner gets a stand-in fingerprint, unique to it and
 * never a digest of its content, so this encoder is only for runs that keep no encodings: encodings
 * files must hold real digests (a later run may bring a partner). {@link #wrapForSearchOnly} says so.
 */
public final class StagedDigestEncoder implements Encoder {
    /** Leading bytes digested to tell apart files of the same size (jdupes reads 4 KiB; JPEG headers are alike). */
    static final int PARTIAL_BYTES = 16 * 1024;

    private final HashEncoder full;
    private final String algorithm;

    private StagedDigestEncoder(HashEncoder full, String algorithm) {
        this.full = full;
        this.algorithm = algorithm;
    }

    /**
     * The staged encoder for a content digest (md5, sha256), or {@code encoder} itself for any other; for runs
     * whose fingerprints are searched and then dropped, never saved.
     */
    public static Encoder wrapForSearchOnly(Encoder encoder) {
        if (encoder instanceof HashEncoder h && h.digestAlgorithm() != null) {
            return new StagedDigestEncoder(h, h.digestAlgorithm());
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
        List<ImageFile> sameSize = new ArrayList<>();
        for (List<ImageFile> group : bySize.values()) {
            if (group.size() == 1 && group.get(0).size() > 0) {
                sink.encoded(standIn(group.get(0)));
                progress.step(1);
            } else {
                // Zero-byte files go through the full encoder, which skips them with its usual reason.
                sameSize.addAll(group);
            }
        }
        if (sameSize.isEmpty()) {
            return;
        }
        Map<ImageFile, String> partial = new java.util.concurrent.ConcurrentHashMap<>();
        List<ImageFile> needFull = java.util.Collections.synchronizedList(new ArrayList<>());
        ForkJoinPool pool = new ForkJoinPool(full.options().workers());
        try {
            pool.submit(() -> sameSize.parallelStream().forEach(f -> {
                if (f.size() == 0 || f.size() <= PARTIAL_BYTES) {
                    needFull.add(f);
                    return;
                }
                try {
                    partial.put(f, leadingDigest(f));
                } catch (IOException e) {
                    sink.skipped(new SkippedFile(f.dataset().name(), f.relativePath(), "cannot read: " + e.getMessage()));
                    progress.step(1);
                }
            })).get();
            Map<String, List<ImageFile>> byPrefix = new HashMap<>();
            partial.forEach((f, d) -> byPrefix.computeIfAbsent(f.size() + ":" + d, k -> new ArrayList<>()).add(f));
            for (List<ImageFile> group : byPrefix.values()) {
                if (group.size() == 1) {
                    sink.encoded(standIn(group.get(0)));
                    progress.step(1);
                } else {
                    needFull.addAll(group);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EncoderException("interrupted while hashing", e);
        } catch (ExecutionException e) {
            throw new EncoderException(spec().name() + " failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        full.encode(new ArrayList<>(needFull), sink, progress);
    }

    private String leadingDigest(ImageFile f) throws IOException {
        byte[] head = new byte[PARTIAL_BYTES];
        int n;
        try (InputStream in = Files.newInputStream(f.path())) {
            n = in.readNBytes(head, 0, head.length);
        }
        MessageDigest md = newDigest();
        md.update(head, 0, n);
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * A fingerprint that equals no other file's: the digest of the file's identity (dataset, path, size), not of
     * its content. Equal to a real content digest only by a digest collision, the risk every digest search takes.
     */
    private EncodedImage standIn(ImageFile f) {
        byte[] id = newDigest().digest(("doppel unread file\0" + f.key() + "\0" + f.size()).getBytes(StandardCharsets.UTF_8));
        return new EncodedImage(f, BitHash.fromBytes(id, full.spec().size()));
    }

    private MessageDigest newDigest() {
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
