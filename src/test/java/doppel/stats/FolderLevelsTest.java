package doppel.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class FolderLevelsTest {
    @Test
    void levelsSkipLeadingDataFolderOnly() {
        assertEquals(List.of("c", "s", "t"), FolderLevels.levels("data/c/s/t/x.jpg"));
        assertEquals(List.of("c", "s", "t"), FolderLevels.levels("c/s/t/x.jpg"));
        assertEquals(List.of("c", "data"), FolderLevels.levels("c/data/x.jpg"));
        assertEquals(List.of(), FolderLevels.levels("data/x.jpg"));
        assertEquals(List.of(), FolderLevels.levels("x.jpg"));
        // A file named "data" in the root is a file, not the data folder.
        assertEquals(List.of(), FolderLevels.levels("data"));
    }

    @Test
    void groupKeyTakesLeadingLevels() {
        assertEquals("c/s", FolderLevels.groupKey("data/c/s/t/x.jpg", 2));
        assertEquals("c", FolderLevels.groupKey("c/s/t/x.jpg", 1));
        assertEquals("c/s", FolderLevels.groupKey("c/s/x.jpg", 5));
        assertEquals(FolderLevels.ROOT, FolderLevels.groupKey("x.jpg", 1));
        assertEquals(FolderLevels.ROOT, FolderLevels.groupKey("data/x.jpg", 1));
        assertThrows(IllegalArgumentException.class, () -> FolderLevels.groupKey("c/x.jpg", 0));
    }

    @Test
    void topicFolderKeepsDataPrefix() {
        assertEquals("data/c/s/t", FolderLevels.topicFolder("data/c/s/t/x.jpg", 0));
        assertEquals("data/c/s", FolderLevels.topicFolder("data/c/s/t/x.jpg", 2));
        assertEquals("c/s/t", FolderLevels.topicFolder("c/s/t/u/x.jpg", 3));
        assertEquals("c", FolderLevels.topicFolder("c/x.jpg", 3));
        assertEquals("data", FolderLevels.topicFolder("data/x.jpg", 2));
        assertEquals(FolderLevels.ROOT, FolderLevels.topicFolder("x.jpg", 0));
        assertEquals(FolderLevels.ROOT, FolderLevels.topicFolder("x.jpg", 2));
    }
}
