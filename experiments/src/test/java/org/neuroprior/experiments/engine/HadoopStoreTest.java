package org.neuroprior.experiments.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local staging of a dataset written to a Hadoop URI leaves nothing behind: abandoned writes, killed processes. */
class HadoopStoreTest {
    @TempDir
    Path tmp;

    private HadoopStore store() {
        return new HadoopStore(LocalSchemeFileSystem.SCHEME + "://" + tmp.resolve("set").toAbsolutePath(),
                Map.of("fs." + LocalSchemeFileSystem.SCHEME + ".impl", LocalSchemeFileSystem.class.getName()));
    }

    private static Path mine() {
        return Path.of(System.getProperty("java.io.tmpdir"), "neuroprior-staging", Long.toString(ProcessHandle.current().pid()));
    }

    @Test
    void anAbandonedWriteLeavesNoStagingFolder() throws IOException {
        HadoopStore store = store();
        store.createDirectory();
        Path kept = store.temporary("train/labels-00000.npy", ".a1");
        Path abandoned = store.temporary("train/data-00000.npy", ".a1");
        Files.writeString(abandoned, "half a shard");
        assertTrue(abandoned.startsWith(mine()), abandoned + " is staged in this process's directory");
        store.discard(abandoned); // what a shard writer closed before its commit does
        assertFalse(Files.exists(abandoned.getParent()), "the abandoned file's staging folder is gone");
        Files.writeString(kept, "labels");
        store.publish(kept, "train/labels-00000.npy");
        assertFalse(Files.exists(kept.getParent()), "a published file's staging folder is gone");
        assertEquals("labels", Files.readString(tmp.resolve("set/train/labels-00000.npy")));
    }

    @Test
    void stagingOfProcessesNoLongerRunningIsRemovedAndOthersKept() throws IOException {
        Path root = tmp.resolve("staging");
        Path dead = root.resolve("999999999").resolve("t123"); // above Linux's largest process id (2^22)
        Files.createDirectories(dead);
        Files.writeString(dead.resolve("data-00000.npy.a1.partial"), "half a shard of a killed executor");
        Path running = root.resolve(Long.toString(ProcessHandle.current().pid())).resolve("t456");
        Files.createDirectories(running);
        Path other = root.resolve("notes");
        Files.createDirectories(other);
        HadoopStore.removeAbandonedStaging(root);
        try (Stream<Path> left = Files.list(root)) {
            assertEquals(List.of(running.getParent().getFileName().toString(), other.getFileName().toString()), // digits sort first
                    left.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertTrue(Files.isDirectory(running), "a running process's staging is kept");
    }
}
