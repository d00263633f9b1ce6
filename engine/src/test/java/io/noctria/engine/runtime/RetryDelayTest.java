package io.noctria.engine.runtime;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetryDelayTest
{
    private final RecordingVenue venue = new RecordingVenue();
    private final List<Byte> sent = venue.sent;

    @Test
    void shouldHoldRetriesForTheirBackoffAndSendThemWhenDue()
    {
        final RetryDelay retries = new RetryDelay(8, 1_000);
        assertTrue(retries.defer(message(1), 0, 16, 2, 0));
        assertTrue(retries.defer(message(2), 0, 16, 3, 0));
        assertEquals(0, retries.sendDue(999, venue));
        assertEquals(1, retries.sendDue(1_000, venue), "attempt 2 waits 1 backoff");
        assertEquals(1, retries.sendDue(2_000, venue), "attempt 3 waits 2");
        assertEquals(List.of((byte)1, (byte)2), sent);
        assertTrue(retries.isEmpty());
    }

    @Test
    void shouldSendEveryHeldRetryAtOnceBeforeAStatusQuery()
    {
        final RetryDelay retries = new RetryDelay(8, 1_000_000);
        retries.defer(message(1), 0, 16, 2, 0);
        retries.defer(message(2), 0, 16, 4, 0);

        assertEquals(2, retries.sendAll(venue));
        assertEquals(List.of((byte)1, (byte)2), sent, "in the order they were deferred");
        assertTrue(retries.isEmpty());
        assertEquals(0, retries.sendDue(Long.MAX_VALUE / 2, venue), "nothing is sent twice");
    }

    private static UnsafeBuffer message(final int id)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[16]);
        buffer.putByte(0, (byte)id);
        return buffer;
    }
}
