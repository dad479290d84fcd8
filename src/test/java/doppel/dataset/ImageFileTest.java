package doppel.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ImageFile and Dataset write their equality out (for speed): it must stay the record's, component by component. */
class ImageFileTest {
    @Test
    void equalExactlyWhenEveryComponentIsEqualWithEqualHashes() {
        Dataset d = new Dataset("A", Path.of("/data/a"));
        ImageFile f = new ImageFile(d, "x/1.jpg", 100, 5);
        ImageFile same = new ImageFile(new Dataset("A", Path.of("/data/a/.")), "x/1.jpg", 100, 5);
        assertEquals(f, same);
        assertEquals(f.hashCode(), same.hashCode());
        assertEquals(d, same.dataset());
        assertEquals(d.hashCode(), same.dataset().hashCode());
        for (ImageFile other : List.of(new ImageFile(new Dataset("B", Path.of("/data/a")), "x/1.jpg", 100, 5),
                new ImageFile(new Dataset("A", Path.of("/data/b")), "x/1.jpg", 100, 5),
                new ImageFile(d, "x/2.jpg", 100, 5), new ImageFile(d, "x/1.jpg", 101, 5),
                new ImageFile(d, "x/1.jpg", 100, 6))) {
            assertNotEquals(f, other, other.toString());
        }
        assertNotEquals(f, "A/x/1.jpg");
        assertNotEquals(d, new Dataset("A", Path.of("/data/b")));
        assertNotEquals(d, new Dataset("B", Path.of("/data/a")));
    }
}
