package doppel.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file through a temporary sibling and a rename, so readers see the old file or the new one, never a
 * half-written one: the one way Doppel writes its outputs (results, encodings, plans, reports). The temporary
 * file is created with ordinary permissions (the umask applies, 0644 under the usual 022), unlike
 * {@link Files#createTempFile}, whose owner-only 0600 would stay on the output and make it unreadable to others.
 */
public final class AtomicWrite {
    private AtomicWrite() {
    }

    /** Writes the body of a file. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code target}: {@code body} fills a temporary sibling, which is synced, renamed onto the target and
     * the folder synced. On failure the temporary file is removed and an existing target is untouched.
     */
    public static void write(Path target, Body body) throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        Path tmp = tempBeside(abs, ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
                body.writeTo(new KeptOpen(out));
                out.flush();
                ch.force(true);
            }
            commit(tmp, abs);
        } finally {
            Files.deleteIfExists(tmp);
        }
        syncDirectory(abs.getParent());
    }

    /** Creates an empty hidden temporary file beside {@code target} (creating the directory if needed). */
    public static Path tempBeside(Path target, String suffix) throws IOException {
        Path dir = target.toAbsolutePath().normalize().getParent();
        try {
            Files.createDirectories(dir);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new IOException(e.getFile() + " is a file, not a folder", e);
        }
        while (true) {
            Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + suffix);
            try {
                return Files.createFile(tmp);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // extremely unlikely name clash: draw another name
            }
        }
    }

    /** Writes {@code content} (UTF-8) to {@code target}: through a temporary sibling, synced, then renamed. */
    public static void writeString(Path target, String content) throws IOException {
        write(target, out -> out.write(content.getBytes(StandardCharsets.UTF_8)));
    }

    /** Renames the finished temporary file onto the target, atomically where the file system allows. */
    public static void commit(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * The stream a body writes to: closing it (a try-with-resources writer around it) only flushes, so the file
     * can still be synced before the rename.
     */
    private static final class KeptOpen extends java.io.FilterOutputStream {
        KeptOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems cannot open directories; the rename itself is still atomic there.
        }
    }
}
