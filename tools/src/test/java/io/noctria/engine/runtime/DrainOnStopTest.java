package io.noctria.engine.runtime;

import io.noctria.codecs.RecordError;
import io.noctria.codecs.sbe.FillDecoder;
import io.noctria.codecs.sbe.MessageHeaderDecoder;
import io.noctria.codecs.sbe.OrderSentDecoder;
import io.noctria.codecs.sbe.StopReason;
import io.noctria.engine.badinput.InboundCases;
import io.noctria.engine.badinput.MatrixEngine;
import io.noctria.engine.testing.Journals;
import io.noctria.journal.DataDirectory;
import io.noctria.journal.Journal;
import io.noctria.journal.JournalConfig;
import io.noctria.journal.JournalConsumer;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stop right after the last request was decided still drains its order: the OrderSent is handed to
 * the broker and its reports are journaled before EngineStopped. (The broker side's "nothing in
 * flight" flag can be a duty cycle stale; a drain that trusted it stopped with the order SENT, and the
 * next start re-sent it through reconciliation.)
 */
class DrainOnStopTest
{
    @TempDir
    Path work;

    @Test
    void shouldJournalTheLastOrdersReportsWhenStoppedRightAfterDecidingIt() throws Exception
    {
        for (int run = 0; run < 12; run++)
        {
            final Path data = work.resolve("data-" + run);
            final Engine engine = MatrixEngine.start(data);
            try
            {
                try (Journal inbound = Journal.open(new DataDirectory(data).queue(DataDirectory.INBOUND),
                    JournalConfig.defaults().withSharedWriters()))
                {
                    final byte[] request = InboundCases.goodRequest("drain-" + run);
                    inbound.append(new UnsafeBuffer(request), 0, request.length);
                }
                MatrixEngine.awaitConsumed(engine, 1);
            }
            finally
            {
                engine.stop(StopReason.SHUTDOWN, TimeUnit.SECONDS.toNanos(20));
            }
            final Counts counts = Journals.readJournal(data, new Counts());
            assertEquals(1, counts.sent, "run " + run);
            assertTrue(counts.fills >= 1, "run " + run + ": the order's fill is journaled before the stop");
        }
    }

    private static final class Counts implements JournalConsumer
    {
        int sent;
        int fills;

        @Override
        public void onMessage(final long index, final DirectBuffer buffer, final int offset, final int length)
        {
            final int templateId = buffer.getShort(offset + MessageHeaderDecoder.templateIdEncodingOffset(),
                MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF;
            sent += templateId == OrderSentDecoder.TEMPLATE_ID ? 1 : 0;
            fills += templateId == FillDecoder.TEMPLATE_ID ? 1 : 0;
        }

        @Override
        public void onInvalid(final long index, final RecordError error, final String detail)
        {
            throw new AssertionError(index + " " + error + " " + detail);
        }
    }
}
