package io.noctria.engine.cli;

import io.noctria.codecs.Messages;
import io.noctria.codecs.RecordError;
import io.noctria.codecs.sbe.*;
import io.noctria.journal.JournalConsumer;
import io.noctria.journal.JournalReader;
import io.noctria.journal.MessageBodyConsumer;
import org.agrona.DirectBuffer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * What the journal says that the counters do not: the pause in force and who set it, the policy in force, the
 * last inbound index the engine accounted for, whether this start's reconciliation is answered. Folds frames as
 * they come, so {@code status --watch} and each metrics scrape read each frame once. One thread at a time.
 */
final class EngineJournalFacts implements MessageBodyConsumer, AutoCloseable
{
    private final Path journal;
    private final JournalConsumer[] followers;
    private JournalReader reader;
    private final TradingPauseChangedDecoder pause = new TradingPauseChangedDecoder();
    private final PolicyLoadedDecoder policy = new PolicyLoadedDecoder();
    private final byte[] hash = new byte[32];
    long lastIndex = -1;
    long frames;
    long lastInboundIndex = -1;
    boolean pauseKnown;
    boolean paused;
    String pauseSource = "";
    String pauseOperator = "";
    String pauseReason = "";
    long pauseNs;
    /** Status queries asked and answered since the last EngineStarted: the engine takes no inbound until equal. */
    long reconcileAsked;
    long reconcileAnswered;
    String policyHash;
    String policySource;
    int policyOverrides;

    EngineJournalFacts(final Path journal)
    {
        this(journal, new JournalConsumer[0]);
    }

    /**
     * @param followers also fed every frame, message and invalid excerpt this reads, in order (the metrics' KPI
     *                  fold, the event log).
     */
    EngineJournalFacts(final Path journal, final JournalConsumer... followers)
    {
        this.journal = journal;
        this.followers = followers.clone();
    }

    /** Folds every frame appended since the last call (the journal may not exist yet: a first start). */
    void catchUp()
    {
        if (reader == null && Files.isRegularFile(journal.resolve("metadata.cq4t")))
        {
            reader = JournalReader.open(journal).toStart();
        }
        if (reader != null)
        {
            while (reader.poll(this, 4096) > 0)
            {
                // every frame appended so far
            }
        }
    }

    @Override
    public void onFrame(final long index, final int messages)
    {
        frames++;
        for (final JournalConsumer follower : followers)
        {
            follower.onFrame(index, messages);
        }
    }

    @Override
    public void onMessage(final long index, final DirectBuffer buffer, final int offset, final int length)
    {
        for (final JournalConsumer follower : followers)
        {
            follower.onMessage(index, buffer, offset, length);
        }
        MessageBodyConsumer.super.onMessage(index, buffer, offset, length);
    }

    @Override
    public void onMessage(final long index, final int templateId, final DirectBuffer buffer, final int body,
        final int blockLength, final int version)
    {
        lastIndex = index;
        final int inboundIndexOffset = Messages.inboundIndexOffset(templateId);
        if (inboundIndexOffset >= 0)
        {
            accountInbound(buffer.getLong(body + inboundIndexOffset, MessageHeaderDecoder.BYTE_ORDER));
        }
        switch (templateId)
        {
            case TradingPauseChangedDecoder.TEMPLATE_ID:
                pause.wrap(buffer, body, blockLength, version);
                pauseKnown = true;
                paused = pause.paused() == BooleanType.TRUE;
                pauseNs = pause.tsNs();
                pauseSource = pause.source().name();
                pauseOperator = pause.operatorName().trim();
                pauseReason = pause.reason();
                break;
            case EngineStartedDecoder.TEMPLATE_ID:
                reconcileAsked = 0;
                reconcileAnswered = 0;
                break;
            case ReconcileRequestedDecoder.TEMPLATE_ID:
                reconcileAsked++;
                break;
            case OrderReconciledDecoder.TEMPLATE_ID:
                reconcileAnswered++;
                break;
            case PolicyLoadedDecoder.TEMPLATE_ID:
                policy.wrap(buffer, body, blockLength, version);
                policy.getPolicyHash(hash, 0, hash.length);
                policyHash = HexFormat.of().formatHex(hash);
                policyOverrides = policy.overrides();
                policySource = policy.source();
                break;
            default:
                break;
        }
    }

    @Override
    public void onInvalid(final long index, final RecordError error, final String detail)
    {
        for (final JournalConsumer follower : followers)
        {
            follower.onInvalid(index, error, detail);
        }
        lastIndex = index;
    }

    private void accountInbound(final long inboundIndex)
    {
        if (inboundIndex > lastInboundIndex)
        {
            lastInboundIndex = inboundIndex;
        }
    }

    @Override
    public void close()
    {
        if (reader != null)
        {
            reader.close();
        }
    }

    /** @return inbound excerpts after {@code lastInboundIndex} (all of them when -1); -1 when that index is gone. */
    static long inboundLag(final Path inbound, final long lastInboundIndex)
    {
        if (!Files.isDirectory(inbound))
        {
            return 0;
        }
        try (JournalReader reader = JournalReader.open(inbound))
        {
            if (lastInboundIndex < 0)
            {
                reader.toStart();
            }
            else if (!reader.toIndex(lastInboundIndex))
            {
                return -1;
            }
            final long[] excerpts = { 0 };
            final JournalConsumer counting = new JournalConsumer()
            {
                @Override
                public void onMessage(final long index, final DirectBuffer buffer, final int offset, final int length)
                {
                    excerpts[0]++;
                }

                @Override
                public void onInvalid(final long index, final RecordError error, final String detail)
                {
                    excerpts[0]++; // still waiting for the engine, which will refuse it with a reason
                }
            };
            while (reader.poll(counting, 4096) > 0)
            {
                // to the end as of now
            }
            return lastInboundIndex < 0 ? excerpts[0] : Math.max(0, excerpts[0] - 1);
        }
    }
}
