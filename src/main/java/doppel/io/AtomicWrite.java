package doppel.io;

import java.io.IOException;
import java.nio.ByteBuffer;
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
 * half-written one. The temporary file is created with ordinary permissions (the umask applies), unlike
 * {@link Files#createTempFile}, whose owner-only mode would make reports unreadable to others.
 */
public final class AtomicWrite {
    private AtomicWrite() {
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
        Path tmp = tempBeside(target, ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
                ch.force(true);
            }
            commit(tmp, target.toAbsolutePath().normalize());
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Renames the finished temporary file onto the target, atomically where the file system allows. */
    public static void commit(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
