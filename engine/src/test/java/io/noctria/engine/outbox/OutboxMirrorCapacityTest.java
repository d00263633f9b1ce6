package io.noctria.engine.outbox;

import io.noctria.codecs.sbe.Side;
import io.noctria.codecs.sbe.EngineOrderState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.noctria.engine.outbox.JournalScript.PRICE;
import static io.noctria.engine.outbox.JournalScript.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutboxMirrorCapacityTest
{
    private static final long CAPACITY = 100;
    private static final int ORDERS = 3_000;

    @TempDir
    Path data;

    @Test
    void shouldStopFollowingWhenFullKeepItsCheckpointAndStillAnswerLookups()
    {
        try (JournalScript journal = JournalScript.open(data))
        {
            for (int n = 1; n <= ORDERS; n++)
            {
                journal.outboxRecorded(n, -1, Side.BUY, 1_000_000, PRICE);
            }
        }

        final long stoppedAt;
        final long keys;
        try (OutboxMirror mirror = OutboxMirror.open(data, CAPACITY))
        {
            keys = followUntilFull(mirror);
            stoppedAt = mirror.appliedIndex();
            assertTrue(keys >= CAPACITY && keys < ORDERS, "keys mirrored: " + keys);
            assertEquals(keys, mirror.eventsApplied(), "the checkpoint covers every key that went in");
            assertEquals(0, mirror.doWork(), "a failed mirror does not retry in a loop");

            final OutboxMirrorException error = assertThrows(OutboxMirrorException.class, mirror::catchUp);
            assertTrue(error.getMessage().contains(mirror.file().toString()), error.getMessage());
            assertEquals(stoppedAt, mirror.appliedIndex());
            assertEquals(EngineOrderState.NEW, mirror.lookup(key(1)).state(), "lookups still work");
        }

        try (OutboxMirror mirror = OutboxMirror.open(data, CAPACITY))
        {
            assertEquals(stoppedAt, mirror.appliedIndex(), "resumes after what it applied");
            assertThrows(OutboxMirrorException.class, mirror::catchUp);
            assertEquals(0, mirror.eventsSkipped(), "nothing before the checkpoint read again");
            assertEquals(keys, mirror.size());
        }
    }

    /**
     * A mirror that fills up in the middle of a frame (the request applied, its OutboxRecorded refused) checkpoints
     * the frame before, whose last message the journal still holds: the next start resumes instead of calling the
     * mirror "built from another journal" (found with a 10 M-request journal, issue 12).
     */
    @Test
    void shouldCheckpointBeforeAFrameItFilledUpInAndResumeThere()
    {
        final long[] frames = new long[ORDERS];
        try (JournalScript journal = JournalScript.open(data))
        {
            for (int n = 1; n <= ORDERS; n++)
            {
                frames[n - 1] = journal.requestRecordedFrame(n);
            }
        }

        final long keys;
        try (OutboxMirror mirror = OutboxMirror.open(data, CAPACITY))
        {
            keys = followUntilFull(mirror);
        }
        final long stoppedAt = frames[(int)keys - 1];

        try (OutboxMirror mirror = OutboxMirror.open(data, CAPACITY))
        {
            assertEquals(stoppedAt, mirror.appliedIndex(), "resumes after the last frame applied whole");
            assertThrows(OutboxMirrorException.class, mirror::catchUp, "still full");
            assertEquals(keys, mirror.size());
        }
    }

    /** @return the keys the mirror holds once it failed for want of room. */
    private static long followUntilFull(final OutboxMirror mirror)
    {
        while (mirror.doWork() > 0)
        {
            // The duty cycle never throws: it stops doing work when it fails.
        }
        assertNotNull(mirror.failure(), "a map sized for " + CAPACITY + " took " + mirror.size() + " keys");
        return mirror.size();
    }
}
