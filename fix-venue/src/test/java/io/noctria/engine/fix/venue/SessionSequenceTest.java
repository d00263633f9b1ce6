package io.noctria.engine.fix.venue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class SessionSequenceTest
{
    @TempDir
    Path work;

    @Test
    void shouldStartAtOneAndContinueWhereTheLastRunStopped() throws Exception
    {
        final Path file = work.resolve("session").resolve("seqnums");
        try (SessionSequence sequence = new SessionSequence(file))
        {
            assertEquals(1, sequence.nextIn());
            assertEquals(1, sequence.nextOut());
            sequence.store(12, 345);
        }
        assertEquals("0000000000000000012 0000000000000000345\n", Files.readString(file, StandardCharsets.US_ASCII),
            "readable by an operator");
        try (SessionSequence reopened = new SessionSequence(file))
        {
            assertEquals(12, reopened.nextIn());
            assertEquals(345, reopened.nextOut());
        }
    }

    @Test
    void shouldRefuseAFileThatDoesNotHoldTwoSequenceNumbersNamingIt() throws Exception
    {
        final Path file = work.resolve("seqnums");
        Files.writeString(file, "twelve 3\n");
        final IllegalStateException refused =
            assertThrows(IllegalStateException.class, () -> new SessionSequence(file));
        assertTrue(refused.getMessage().contains(file.toString()) && refused.getMessage().contains("twelve 3"),
            refused.getMessage());
        Files.writeString(file, "0 3\n");
        assertThrows(IllegalStateException.class, () -> new SessionSequence(file));
    }
}
