package doppel.act;

import doppel.io.Sha256;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.function.Predicate;

/** File moves that never overwrite, shared by the runner, undo and purge. */
final class FileOps {
    private FileOps() {
    }

    /** True when something (a file, a directory or a link, even a broken one) is at {@code p}. */
    static boolean occupied(Path p) {
        return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
    }

    /** The attributes of {@code p} itself (links not followed), or null when nothing is there. */
    static BasicFileAttributes attrs(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return null;
        }
    }

    /** True when the two paths are on the same file system, so a rename can move between them. */
    static boolean sameFileSystem(Path a, Path dirB) throws IOException {
        try {
            Object devA = Files.getAttribute(a, "unix:dev", LinkOption.NOFOLLOW_LINKS);
            Object devB = Files.getAttribute(dirB, "unix:dev");
            return devA.equals(devB);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return Files.getFileStore(a).equals(Files.getFileStore(dirB));
        }
    }

    /**
     * Renames {@code src} to {@code dst} on one file system without ever replacing an existing {@code dst}.
     * A hard link followed by removing the source name is atomic against a concurrent creator of
     * {@code dst} (link fails with EEXIST), unlike rename, which replaces silently; where hard links are not
     * allowed, a check right before an atomic rename is the best the JDK offers.
     */
    static void renameNoReplace(Path src, Path dst) throws IOException {
        try {
            Files.createLink(dst, src);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (UnsupportedOperationException | IOException e) {
            if (occupied(dst)) {
                throw new FileAlreadyExistsException(dst.toString());
            }
            Files.move(src, dst, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        Files.delete(src);
    }

    /**
     * Copies {@code src} to the new file {@code tmp} (CREATE_NEW), fsyncs it and checks size and, when
     * {@code expectedSha} is given, the SHA-256 of what was written. The temp file is removed on failure.
     */
    static void copyVerified(Path src, Path tmp, long expectedSize, String expectedSha) throws IOException {
        MessageDigest md = sha256();
        long written = 0;
        boolean ok = false;
        try (FileChannel in = FileChannel.open(src, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.allocate(1 << 16);
            while (in.read(buf) >= 0) {
                buf.flip();
                md.update(buf.array(), 0, buf.limit());
                written += buf.limit();
                while (buf.hasRemaining()) {
                    out.write(buf);
                }
                buf.clear();
            }
            out.force(true);
            String sha = HexFormat.of().formatHex(md.digest());
            if (written != expectedSize || (expectedSha != null && !expectedSha.equals(sha))) {
                throw new IOException("copy of " + src + " does not match the source (size or SHA-256)");
            }
            ok = true;
        } finally {
            if (!ok) {
                Files.deleteIfExists(tmp);
            }
        }
        copyAttributes(src, tmp);
    }

    /**
     * Gives {@code copy} the permission bits, times and, where the process may, the owner and group of
     * {@code original}, so a move across file systems looks like a rename (a 0400 file stays 0400). The access
     * time is the one after Doppel read the file to hash and copy it.
     */
    static void copyAttributes(Path original, Path copy) throws IOException {
        PosixFileAttributeView from = Files.getFileAttributeView(original, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        PosixFileAttributeView to = Files.getFileAttributeView(copy, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (from == null || to == null) {
            Files.setLastModifiedTime(copy, Files.getLastModifiedTime(original));
            return;
        }
        PosixFileAttributes a = from.readAttributes();
        try {
            to.setOwner(a.owner());
            to.setGroup(a.group());
        } catch (IOException | SecurityException e) {
            // Only a privileged process may give a file away; the copy stays the mover's, as with cp -p.
        }
        to.setPermissions(a.permissions());
        to.setTimes(a.lastModifiedTime(), a.lastAccessTime(), null);
    }

    /**
     * The real path of {@code p}, also when it does not exist yet: its deepest existing ancestor resolved
     * (links followed), the rest appended. Guards compare these, since a textual check is fooled by a link.
     */
    static Path realPath(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return abs;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(abs)).normalize();
        } catch (IOException e) {
            return abs;
        }
    }

    /** True when {@code p}, links resolved, lies strictly inside the real folder {@code realDir}. */
    static boolean strictlyInside(Path p, Path realDir) {
        Path r = realPath(p);
        return r.startsWith(realDir) && !r.equals(realDir);
    }

    /**
     * Moves {@code src} to {@code dst}, never replacing anything: a rename on one file system, else a
     * verified copy to {@code tmp} (beside {@code dst}), {@code copied} (which journals that the verified copy
     * is there), a rename into place and then deleting the source.
     */
    static void move(Path src, Path dst, Path tmp, long size, String sha, Copied copied) throws IOException {
        if (sameFileSystem(src, dst.getParent())) {
            renameNoReplace(src, dst);
            return;
        }
        copyVerified(src, tmp, size, sha);
        try {
            copied.run();
            renameNoReplace(tmp, dst);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.delete(src);
    }

    /**
     * Called when a cross-file-system move has its verified copy at the temp name and is about to rename it into
     * place: from then on, the temp name gone and the content at the destination prove the rename happened.
     */
    @FunctionalInterface
    interface Copied {
        void run() throws IOException;
    }

    /** True when both files hold the same bytes (the same inode trivially does). */
    static boolean identical(Path a, Path b) throws IOException {
        if (Files.isSameFile(a, b)) {
            return true;
        }
        return Files.size(a) == Files.size(b) && Sha256.of(a).equals(Sha256.of(b));
    }

    /**
     * {@code p} if free, else the first free "stem~N.ext" beside it. {@code taken} holds names already
     * promised to other files of the same run.
     */
    static Path freeName(Path p, Set<Path> taken) {
        return freeName(p, q -> !occupied(q) && !taken.contains(q));
    }

    static Path freeName(Path p, Predicate<Path> free) {
        if (free.test(p)) {
            return p;
        }
        for (int n = 1; ; n++) {
            Path q = withSuffix(p, n);
            if (free.test(q)) {
                return q;
            }
        }
    }

    /** "dir/name~N.ext": the suffix goes before the last extension, or after the {@code stem} prefix. */
    static Path withSuffix(Path p, int n) {
        return p.resolveSibling(suffixed(p.getFileName().toString(), null, n));
    }

    static String suffixed(String name, String stem, int n) {
        if (stem != null && name.startsWith(stem) && name.length() > stem.length()) {
            return stem + "~" + n + name.substring(stem.length());
        }
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) + "~" + n + name.substring(dot) : name + "~" + n;
    }

    /** Deletes {@code dir} if it is an empty directory; returns whether it did. */
    static boolean deleteIfEmptyDir(Path dir) {
        try {
            if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(dir);
                return true;
            }
        } catch (DirectoryNotEmptyException | NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /**
     * Deletes a duplicates marker when nothing but it and Doppel journals is left in its folder: then the
     * folder holds no moved files any more, and the journals mark it for scans on their own.
     */
    static boolean deleteMarkerIfAlone(Path marker) {
        Path dir = marker.getParent();
        if (dir == null || !Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            boolean alone = s.allMatch(p -> p.equals(marker)
                    || doppel.dataset.DatasetScanner.isJournalName(p.getFileName().toString()));
            if (alone) {
                Files.delete(marker);
                return true;
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
