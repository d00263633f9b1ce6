package io.noctria.engine.outbox;

import io.noctria.codecs.sbe.Side;
import io.noctria.journal.JournalNotFoundException;
import io.noctria.codecs.sbe.EngineOrderState;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static io.noctria.engine.outbox.JournalScript.PRICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutboxMirrorFileErrorsTest
{
    private static final long QTY = 2_000_000L;
    private static final long CAPACITY = 1_000;

    @TempDir
    Path data;

    private Path mapFile;

    @BeforeEach
    void writeJournal()
    {
        try (JournalScript journal = JournalScript.open(data))
        {
            journal.filledOrder(1, QTY);
            journal.filledOrder(2, QTY);
        }
        mapFile = data.resolve("outbox").resolve("outbox.dat");
    }

    @Test
    void shouldNameTheFileWhenItIsNotAChronicleMap() throws IOException
    {
        io.noctria.journal.OwnerOnlyFiles.createDirectories(mapFile.getParent());
        Files.write(mapFile, "not a map, just some bytes ".repeat(100).getBytes(StandardCharsets.US_ASCII));

        final OutboxMirrorException error = assertThrows(OutboxMirrorException.class, () -> OutboxMirror.open(data, CAPACITY));

        assertEquals(mapFile, error.file());
        assertMentions(error, mapFile.toString(), "is corrupt", "move the file aside");
        // The failed open let go of everything: the next attempt fails the same way, not on a held lock.
        assertThrows(OutboxMirrorException.class, () -> OutboxMirror.open(data, CAPACITY));
        assertThrows(OutboxMirrorException.class, () -> OutboxLookup.open(data));
    }

    @Test
    void shouldNameTheFileWhenItIsTruncated() throws IOException
    {
        OutboxMirror.open(data, CAPACITY).close();
        final byte[] whole = Files.readAllBytes(mapFile);
        Files.write(mapFile, Arrays.copyOf(whole, whole.length / 3));

        final OutboxMirrorException error = assertThrows(OutboxMirrorException.class, () -> OutboxMirror.open(data, CAPACITY));

        assertMentions(error, mapFile.toString(), "is corrupt");
    }

    @Test
    void shouldRefuseAChronicleMapOfOtherTypes() throws IOException
    {
        io.noctria.journal.OwnerOnlyFiles.createDirectories(mapFile.getParent());
        try (ChronicleMap<Long, Long> other = ChronicleMapBuilder.of(Long.class, Long.class).entries(100)
            .createPersistedTo(mapFile.toFile()))
        {
            other.put(1L, 2L);
        }

        final OutboxMirrorException error = assertThrows(OutboxMirrorException.class, () -> OutboxMirror.open(data, CAPACITY));

        assertMentions(error, mapFile.toString(), "not a Noctria outbox mirror", "java.lang.Long");
    }

    @Test
    void shouldRefuseAByteMapWithoutTheMirrorHeader() throws IOException
    {
        writeHeaderlessMap();

        final OutboxMirrorException error = assertThrows(OutboxMirrorException.class, () -> OutboxMirror.open(data, CAPACITY));

        assertMentions(error, mapFile.toString(), "not empty (1 entries) but has no mirror header");
    }

    @Test
    void shouldRebuildFromTheJournalWhenAKilledFollowerLeftAFileRecoveryCannotMend() throws IOException
    {
        // A follower killed mid-update: the lock still says "open", and the map lost its mirror header.
        writeHeaderlessMap();
        Files.writeString(mapFile.getParent().resolve(FollowerLock.FILE_NAME), "open\n");

        try (OutboxMirror mirror = OutboxMirror.open(data, CAPACITY))
        {
            mirror.catchUp();
            assertEquals(2, mirror.size(), "rebuilt from the journal");
            assertEquals(EngineOrderState.FILLED, mirror.lookup(JournalScript.key(1)).state());
        }
        try (java.util.stream.Stream<Path> files = Files.list(mapFile.getParent()))
        {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith("outbox.dat.unrecoverable-")),
                "the damaged file is kept aside for inspection");
        }
    }

    @Test
    void shouldStillRefuseABadFileAfterACleanStop() throws IOException
    {
        writeHeaderlessMap();
        Files.writeString(mapFile.getParent().resolve(FollowerLock.FILE_NAME), "clean\n");

        assertThrows(OutboxMirrorException.class, () -> OutboxMirror.open(data, CAPACITY));
    }

    @Test
    void shouldRefuseAnEmptyByteMapOfOtherSizes() throws IOException
    {
        io.noctria.journal.OwnerOnlyFiles.createDirectories(mapFile.getParent());
        ChronicleMapBuilder.of(byte[].class, byte[].class).constantKeySizeBySample(new byte[16])
            .constantValueSizeBySample(new byte[64]).entries(100).createPersistedTo(mapFile.toFile()).close();

        final OutboxMirrorException error = assertThrows(OutboxMirrorException.class, () -> OutboxMirror.open(data, CAPACITY));

        assertMentions(error, mapFile.toString(), "writing its header entry failed");
    }

    @Test
    void shouldRefuseAMirrorOfAnotherLayoutVersion()
    {
        OutboxMirror.open(data, CAPACITY).close();
        MirrorFiles.editMeta(data, meta -> meta.putInt(EntryLayout.META_LAYOUT_VERSION, 99, EntryLayout.ORDER));

        final OutboxMirrorException error = assertThrows(OutboxMirrorException.class, () -> OutboxMirror.open(data, CAPACITY));

        assertMentions(error, mapFile.toString(), "layout version 99", "this build reads version " + EntryLayout.LAYOUT_VERSION);
    }

    @Test
    void shouldRefuseAMirrorBuiltFromAnotherJournal() throws IOException
    {
        try (OutboxMirror mirror = OutboxMirror.open(data, CAPACITY))
        {
            assertEquals(12, mirror.catchUp());
        }
        replaceJournal();
        // An hour earlier than the first journal's stamps, so no time can coincide.
        try (JournalScript journal = JournalScript.open(data, System.currentTimeMillis() * 1_000_000L - 3_600_000_000_000L))
        {
            // As many excerpts, same lengths, so the checkpoint index exists: only the contents differ.
            journal.filledOrder(3, QTY);
            journal.filledOrder(4, QTY);
        }

        final OutboxMirrorException error = assertThrows(OutboxMirrorException.class, () -> OutboxMirror.open(data, CAPACITY));

        assertMentions(error, mapFile.toString(), "was built from another journal", data.resolve("journal").toString());
    }

    @Test
    void shouldRefuseACheckpointTheJournalDoesNotHold() throws IOException
    {
        try (OutboxMirror mirror = OutboxMirror.open(data, CAPACITY))
        {
            mirror.catchUp();
        }
        replaceJournal();
        try (JournalScript journal = JournalScript.open(data))
        {
            final long input = journal.orderRequest(3, QTY);
            journal.outboxRecorded(3, input, Side.BUY, QTY, PRICE);
        }

        final OutboxMirrorException error = assertThrows(OutboxMirrorException.class, () -> OutboxMirror.open(data, CAPACITY));

        assertMentions(error, mapFile.toString(), "which journal", "does not hold");
    }

    @Test
    void shouldCreateNothingWithoutAJournal()
    {
        final Path empty = data.resolve("no-engine-yet");

        final JournalNotFoundException error =
            assertThrows(JournalNotFoundException.class, () -> OutboxMirror.open(empty, CAPACITY));

        assertMentions(error, empty.resolve("journal").toString());
        assertTrue(Files.notExists(empty), "the mirror created files for a data directory without a journal");
    }

    @Test
    void shouldNotCreateAMirrorWhenOnlyLookingUp()
    {
        final OutboxMirrorException error = assertThrows(OutboxMirrorException.class, () -> OutboxLookup.open(data));

        assertMentions(error, mapFile.toString(), "does not exist yet");
        assertTrue(Files.notExists(mapFile.getParent()), "a lookup created the mirror directory");
    }

    private void replaceJournal() throws IOException
    {
        try (var files = Files.walk(data.resolve("journal")))
        {
            files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(path -> path.toFile().delete());
        }
    }

    private static void assertMentions(final Exception error, final String... parts)
    {
        for (final String part : parts)
        {
            assertTrue(error.getMessage().contains(part), "'" + part + "' missing from: " + error.getMessage());
        }
    }

    @Test
    void shouldSayNotEnoughDiskSpaceBeforeAllocatingANewMapFile() throws IOException
    {
        final long needed = OutboxMapFile.neededBytes(CAPACITY);
        final long neededMib = (needed + (1 << 20) - 1) >> 20;

        final OutboxMirrorException error = assertThrows(OutboxMirrorException.class,
            () -> OutboxMirror.open(data, CAPACITY, () -> needed - 1));

        assertEquals(mapFile, error.file());
        assertMentions(error, "not enough disk space for the outbox mirror " + mapFile + " (" + neededMib +
            " MiB needed, " + io.noctria.journal.UsableSpace.mib(needed - 1) + " MiB free)", "capacity_hint");
        assertTrue(!Files.exists(mapFile) || Files.size(mapFile) == 0, "nothing allocated");
        // Enough room: the same call creates it; an existing file is never refused for space (it is allocated).
        OutboxMirror.open(data, CAPACITY, () -> needed).close();
        OutboxMirror.open(data, CAPACITY, () -> 0).close();
    }

    @Test
    void shouldSizeTheEstimateAboveWhatChronicleReallyAllocates() throws IOException
    {
        for (final long capacity : new long[] {CAPACITY, 100_000})
        {
            Files.deleteIfExists(mapFile);
            OutboxMirror.open(data, capacity).close();
            final long allocated = Files.size(mapFile);
            assertTrue(allocated <= OutboxMapFile.neededBytes(capacity) && allocated * 2 > OutboxMapFile.neededBytes(capacity),
                "estimate " + OutboxMapFile.neededBytes(capacity) + " covers, within a factor 2, the " + allocated +
                " bytes Chronicle Map allocated for " + capacity + " keys");
        }
    }

    /** A Chronicle map of the mirror's key and value sizes at the mirror's path, one entry, no mirror header. */
    private void writeHeaderlessMap() throws IOException
    {
        io.noctria.journal.OwnerOnlyFiles.createDirectories(mapFile.getParent());
        try (ChronicleMap<byte[], byte[]> map = ChronicleMapBuilder.of(byte[].class, byte[].class)
            .constantKeySizeBySample(new byte[32]).constantValueSizeBySample(new byte[128]).entries(100)
            .createPersistedTo(mapFile.toFile()))
        {
            map.put(new byte[32], new byte[128]);
        }
    }
}
