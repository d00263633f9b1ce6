package io.noctria.engine.cli;

import io.noctria.codecs.MessageTimes;
import io.noctria.codecs.RecordError;
import io.noctria.codecs.sbe.EngineStartedDecoder;
import io.noctria.codecs.sbe.MessageHeaderDecoder;
import io.noctria.codecs.sbe.PolicyLoadedDecoder;
import io.noctria.journal.JournalConsumer;
import io.noctria.journal.JournalReader;
import org.agrona.DirectBuffer;

import java.nio.file.Path;

/**
 * The engine configuration and risk policy in force when a window starts: the last EngineStarted (config and
 * policy hashes) and the last PolicyLoaded journaled before it. Found by one read-only pass from the journal's
 * start up to the window (the journal has no backward index), decoding only those two message types.
 */
final class ConfigInForce implements JournalConsumer
{
    private static final int BATCH = 4096;

    private final long endIndex;
    private final long endTimeNs;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final EngineStartedDecoder engineStarted = new EngineStartedDecoder();
    private final PolicyLoadedDecoder policyLoaded = new PolicyLoadedDecoder();
    private boolean done;
    private PostmortemFacts.ConfigEvent engine;
    private PostmortemFacts.ConfigEvent policy;

    private ConfigInForce(final long endIndex, final long endTimeNs)
    {
        this.endIndex = endIndex;
        this.endTimeNs = endTimeNs;
    }

    /**
     * @param journalDir the journal queue.
     * @param firstIndex the window's first journal index, or -1 when the window is empty.
     * @param fromNs     the window's start time, used when it is empty.
     * @return what was in force before the window.
     */
    static ConfigInForce before(final Path journalDir, final long firstIndex, final long fromNs)
    {
        final ConfigInForce scan = new ConfigInForce(firstIndex, fromNs);
        try (JournalReader reader = JournalReader.open(journalDir))
        {
            while (!scan.done && reader.poll(scan, BATCH) > 0)
            {
                // Reads until the window starts or the journal ends.
            }
        }
        return scan;
    }

    /** @return the last EngineStarted before the window (config and policy hashes), or null. */
    PostmortemFacts.ConfigEvent engine()
    {
        return engine;
    }

    /** @return the last PolicyLoaded before the window, or null. */
    PostmortemFacts.ConfigEvent policy()
    {
        return policy;
    }

    @Override
    public void onMessage(final long index, final DirectBuffer buffer, final int offset, final int length)
    {
        if (done || ended(index) || (endIndex < 0 && MessageTimes.timeOf(buffer, offset, length) >= endTimeNs))
        {
            done = true;
            return;
        }
        header.wrap(buffer, offset);
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        if (header.templateId() == EngineStartedDecoder.TEMPLATE_ID)
        {
            engineStarted.wrap(buffer, body, header.blockLength(), header.version());
            engine = new PostmortemFacts.ConfigEvent(index, engineStarted.tsNs(), "EngineStarted",
                PostmortemFacts.hex(engineStarted::configHash), PostmortemFacts.hex(engineStarted::policyHash), "version " + engineStarted.version());
        }
        else if (header.templateId() == PolicyLoadedDecoder.TEMPLATE_ID)
        {
            policyLoaded.wrap(buffer, body, header.blockLength(), header.version());
            final String hash = PostmortemFacts.hex(policyLoaded::policyHash);
            policy = new PostmortemFacts.ConfigEvent(index, policyLoaded.tsNs(), "PolicyLoaded", null, hash,
                policyLoaded.source());
        }
    }

    @Override
    public void onInvalid(final long index, final RecordError error, final String detail)
    {
        if (ended(index))
        {
            done = true;
        }
    }

    private boolean ended(final long index)
    {
        return endIndex >= 0 && index >= endIndex;
    }
}
