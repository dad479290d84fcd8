package doppel.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outputs get the mode any new file of the user gets (the umask applies), not a temp file's owner-only 0600. */
class AtomicWriteTest {
    @TempDir
    Path tmp;

    @Test
    void writtenFileHasTheUsersOrdinaryModeAndNoTempIsLeft() throws IOException {
        Path ordinary = Files.createFile(tmp.resolve("ordinary"));
        Path out = tmp.resolve("sub/out.json");
        AtomicWrite.writeString(out, "{}\n");
        AtomicWrite.writeString(out, "{\"again\":1}\n");
        assertEquals("{\"again\":1}\n", Files.readString(out));
        assertEquals(Files.getPosixFilePermissions(ordinary), Files.getPosixFilePermissions(out));
        assertThrows(IOException.class, () -> AtomicWrite.write(out, o -> {
            o.write('x');
            throw new IOException("disk full");
        }));
        assertEquals("{\"again\":1}\n", Files.readString(out), "a failed write leaves the old file");
        try (Stream<Path> s = Files.list(out.getParent())) {
            assertEquals(List.of(out), s.toList(), "no temp file is left");
        }
    }

    /** A body may wrap the stream in a writer and close it (try-with-resources): the file is still synced and renamed. */
    @Test
    void aBodyThatClosesItsStreamStillWritesTheWholeFile() throws IOException {
        Path out = tmp.resolve("closed.txt");
        AtomicWrite.write(out, o -> {
            try (java.io.Writer w = new java.io.OutputStreamWriter(o, java.nio.charset.StandardCharsets.UTF_8)) {
                w.write("line\n".repeat(20_000));
            }
        });
        assertEquals("line\n".repeat(20_000), Files.readString(out));
    }
}
