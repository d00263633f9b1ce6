package io.noctria.journal;

import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Trust boundaries of a data directory at the journal level: queue directories others can reach are refused by
 * writers, the writer lock guards maintenance as it guards writers, and report files are owner-only.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DataDirectoryTrustTest
{
    private final TestMessages messages = new TestMessages();

    @TempDir
    Path tmp;

    @Test
    void shouldRefuseToWriteAQueueDirectoryThatGroupOrOthersCanReach() throws Exception
    {
        assumeTrue(OwnerOnlyFiles.POSIX, "needs POSIX permissions");
        final Path dir = Files.createDirectory(tmp.resolve("inbound"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));

        final IllegalStateException refused = assertThrows(IllegalStateException.class,
            () -> Journal.open(dir, JournalConfig.defaults().withSharedWriters()));
        assertEquals("directory " + dir + " has mode rwxrwxrwx: group or others may read its orders and keys or " +
            "rename its files; make it owner-only with `chmod 700 " + dir + "` (and check who else could have " +
            "touched it)", refused.getMessage());
        try (Stream<Path> files = Files.list(dir))
        {
            assertEquals(0, files.count(), "nothing created in the refused directory");
        }

        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x---"));
        assertTrue(assertThrows(IllegalStateException.class, () -> Journal.open(dir, JournalConfig.defaults()))
            .getMessage().contains("has mode rwxr-x---"), "group read alone is refused too");

        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        try (Journal journal = Journal.open(dir, JournalConfig.defaults()))
        {
            final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
            assertTrue(journal.append(buffer, 0, messages.control(buffer, 0, 1, "ok")) >= 0, "owner-only: accepted");
        }

        // The engine and broker-sim only create the queues they read: an existing one is not opened, yet refused
        // the same way.
        Journal.createIfMissing(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwx---"));
        assertTrue(assertThrows(IllegalStateException.class, () -> Journal.createIfMissing(dir)).getMessage()
            .contains("has mode rwxrwx---"), "an existing queue others can reach is refused by createIfMissing");
    }

    @Test
    void shouldNotBeAbleToTakeTheWriterLockWhileAJournalWritesTheDirectoryAndKeepTheLockFileWhenEmptying() throws Exception
    {
        final Path dir = tmp.resolve("journal");
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        try (Journal journal = Journal.open(dir, JournalConfig.defaults()))
        {
            journal.append(buffer, 0, messages.control(buffer, 0, 1, "live"));
            final IllegalStateException held = assertThrows(IllegalStateException.class, () -> WriterLock.take(dir));
            assertTrue(held.getMessage().contains("lock " + dir.resolve("noctria-writer.lock") + " is held"),
                held.getMessage());
        }
        final Object lockKey = fileKey(WriterLock.lockFile(dir));
        try (WriterLock lock = WriterLock.take(dir))
        {
            assertThrows(IllegalStateException.class, () -> Journal.open(dir, JournalConfig.defaults()),
                "no writer while maintenance holds the lock");
            lock.deleteQueueFilesExceptLock();
        }
        try (Stream<Path> files = Files.list(dir))
        {
            assertEquals(java.util.List.of(WriterLock.lockFile(dir)), files.collect(java.util.stream.Collectors.toList()),
                "only the lock file is left");
        }
        assertEquals(lockKey, fileKey(WriterLock.lockFile(dir)), "the very same lock file: never deleted");
        try (Journal journal = Journal.open(dir, JournalConfig.defaults()))
        {
            assertEquals(Journal.NO_INDEX, journal.lastIndex(), "the emptied queue starts afresh");
        }
    }

    @Test
    void shouldWriteReportFilesOwnerOnlyAlsoOverAnExistingWorldReadableFile() throws Exception
    {
        assumeTrue(OwnerOnlyFiles.POSIX, "needs POSIX permissions");
        final Path dir = tmp.resolve("reports").resolve("today");
        OwnerOnlyFiles.createReportDirectory(dir);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.getParent())));

        final Path old = Files.writeString(dir.resolve("kpis.json"), "old and longer content");
        Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rw-rw-rw-"));
        OwnerOnlyFiles.writeString(old, "new");
        assertEquals("new", Files.readString(old), "replaced, not appended");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(old)));

        try (Writer writer = OwnerOnlyFiles.newBufferedWriter(dir.resolve("outbox.jsonl")))
        {
            writer.write("{}\n");
        }
        OwnerOnlyFiles.write(dir.resolve("latency.hgrm"), new byte[] {1, 2});
        for (final String name : new String[] {"outbox.jsonl", "latency.hgrm"})
        {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(name))),
                name);
        }
        final Path notADirectory = Files.writeString(tmp.resolve("file"), "x");
        assertTrue(assertThrows(java.io.UncheckedIOException.class,
            () -> OwnerOnlyFiles.createReportDirectory(notADirectory)).getMessage().contains(notADirectory.toString()));
    }

    private static Object fileKey(final Path path) throws Exception
    {
        return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }
}
