package io.noctria.engine.fix;

import io.noctria.codecs.RecordError;
import io.noctria.codecs.sbe.MessageHeaderDecoder;
import io.noctria.codecs.sbe.VenueInputRefusedDecoder;
import io.noctria.codecs.sbe.VenueRefusal;
import io.noctria.engine.config.FixLinkConfig;
import io.noctria.engine.gateway.VenueLinkCounters;
import io.noctria.engine.testing.Await;
import io.noctria.engine.testing.RawFixVenue;
import io.noctria.journal.DataDirectory;
import io.noctria.journal.JournalConsumer;
import io.noctria.journal.JournalReader;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The session layer's refusals reach the report stream: the gateway (QuickFIX/J) against a venue written by hand on
 * a real socket, which sends a message with another SenderCompID, then, on the next connection, a Logon whose MsgSeqNum
 * is too low. Each is a {@code VenueInputRefused} SESSION_ERROR in {@code <store>/link/broker-reports}, which the engine
 * journals.
 */
class FixGatewaySessionErrorsTest
{
    private static final long TIMEOUT_S = 30;

    @TempDir
    Path store;

    @Test
    void shouldAppendWrongCompIdsAndAMsgSeqNumTooLowAsSessionErrors() throws Exception
    {
        try (ServerSocket server = new ServerSocket(0))
        {
            server.setSoTimeout((int)(TIMEOUT_S * 1000));
            final FixLinkConfig config = new FixLinkConfig("127.0.0.1", server.getLocalPort(), "NOCTRIA", "VENUE", 5,
                false, null, 1);
            final List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
            final CountersManager counters = new CountersManager(
                new UnsafeBuffer(BufferUtil.allocateDirectAligned(32 * CountersReader.METADATA_LENGTH, 64)),
                new UnsafeBuffer(BufferUtil.allocateDirectAligned(32 * CountersReader.COUNTER_LENGTH, 64)));
            try (FixGateway gateway = FixGateway.open(config, store, (buffer, offset, length) -> { },
                new VenueLinkCounters(counters, errors::add)))
            {
                try (RawFixVenue venue = new RawFixVenue(server.accept(), TIMEOUT_S))
                {
                    venue.logon();
                    venue.sendRaw("OTHER", venue.nextSeqNum(), "0", "");
                    awaitRefusal("CompID");
                }
                // The gateway connects again; this venue numbers from 1 again: its Logon is below what is expected.
                try (RawFixVenue venue = new RawFixVenue(server.accept(), TIMEOUT_S))
                {
                    venue.logon();
                    awaitRefusal("MsgSeqNum too low");
                }
                assertTrue(gateway.refusalsJournaled() >= 2, "refusals: " + refusals());
                assertTrue(value(counters, "FIX session errors") >= 2, "the link's counters show them too");
                assertEquals(0, value(counters, "FIX orders forwarded (D)"));
                assertEquals(List.of(), errors, "nothing failed on the gateway's threads");
                assertTrue(value(counters, "FIX logons") >= 1, "the first venue's Logon was answered");
            }
            assertEquals(0, value(counters, "FIX session logged on"), "a closed gateway is not logged on");
        }
    }

    private void awaitRefusal(final String text)
    {
        Await.await(() -> "a SESSION_ERROR naming \"" + text + "\" among " + refusals(), TIMEOUT_S * 1000,
            () -> refusals().stream().anyMatch(r -> r.startsWith(VenueRefusal.SESSION_ERROR + ": ") && r.contains(text)));
    }

    /** @return the value of the venue-link counter labelled {@code label}; fails when there is none. */
    private static long value(final CountersReader counters, final String label)
    {
        final long[] found = {Long.MIN_VALUE};
        counters.forEach((value, id, counterLabel) ->
        {
            if (counterLabel.equals(label))
            {
                found[0] = value;
            }
        });
        assertNotEquals(Long.MIN_VALUE, found[0], "no counter " + label);
        return found[0];
    }

    /** @return the refusals in the report stream as "REASON: detail". */
    private List<String> refusals()
    {
        final List<String> refusals = new ArrayList<>();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final VenueInputRefusedDecoder refused = new VenueInputRefusedDecoder();
        try (JournalReader reader = JournalReader.open(
            new DataDirectory(store.resolve("link")).queue(DataDirectory.BROKER_REPORTS)))
        {
            while (reader.poll(new JournalConsumer()
            {
                @Override
                public void onMessage(final long index, final DirectBuffer buffer, final int offset, final int length)
                {
                    if (header.wrap(buffer, offset).templateId() == VenueInputRefusedDecoder.TEMPLATE_ID)
                    {
                        refused.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(),
                            header.version());
                        refused.skipValue();
                        refusals.add(refused.reason() + ": " + refused.detail());
                    }
                }

                @Override
                public void onInvalid(final long index, final RecordError error, final String detail)
                {
                    refusals.add("invalid " + index + ": " + error);
                }
            }, 256) > 0)
            {
                // the whole stream
            }
        }
        return refusals;
    }
}
