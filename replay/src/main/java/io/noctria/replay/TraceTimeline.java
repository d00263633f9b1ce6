package io.noctria.replay;

import io.noctria.codecs.FrameInput;
import io.noctria.codecs.MessageTimes;
import io.noctria.codecs.Messages;
import io.noctria.codecs.RecordError;
import io.noctria.codecs.sbe.MessageHeaderDecoder;
import io.noctria.journal.JournalConsumer;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code obs_trace_timeline}: the journal's events in journal order, each with its trace id, so that every
 * event of a trace (decisions and alerts included) can be listed in the order the engine produced it.
 * <p>
 * Without a trace id filter it keeps every message, including those of no trace (Control,
 * TradingPauseChanged, engine life cycle, an InputRejected whose trace could not be read) and the invalid
 * excerpts, so the timeline is a complete account of the window. With a filter it keeps that trace's events only.
 * <p>
 * It keeps a copy of each kept message's bytes (the report renders them later with the schema's field names),
 * about the message's size per event, in 1 MiB chunks: a whole-journal timeline of tens of millions of events
 * needs gigabytes; replay a time window or one trace for those. Single-threaded; a fold like
 * {@link OutboxProjection}.
 */
public final class TraceTimeline implements JournalConsumer
{
    /** {@link #templateId} of an invalid excerpt. */
    public static final int INVALID = -1;

    private static final int CHUNK_SIZE = 1 << 20;
    private static final int INITIAL_EVENTS = 256;

    private final String traceIdFilter;
    private final FrameInput frameInput;
    private final TraceIdInterner traceIds = new TraceIdInterner();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final List<byte[]> chunks = new ArrayList<>();
    private final Int2ObjectHashMap<InvalidExcerpt> invalidByPosition = new Int2ObjectHashMap<>();
    private final UnsafeBuffer readView = new UnsafeBuffer(0, 0);
    private byte[] chunk;
    private int chunkPosition;
    private long[] indexes = new long[INITIAL_EVENTS];
    private long[] locations = new long[INITIAL_EVENTS];
    private int[] lengths = new int[INITIAL_EVENTS];
    private String[] eventTraceIds = new String[INITIAL_EVENTS];
    private int size;

    /**
     * @param traceIdFilter keep this trace's events only; null for every event.
     * @param frameInput    what the events of the frame being folded refer to, fed by the caller.
     */
    public TraceTimeline(final String traceIdFilter, final FrameInput frameInput)
    {
        this.traceIdFilter = traceIdFilter;
        this.frameInput = frameInput;
    }

    /**
     * Appends the message to the timeline when it passes the trace filter.
     *
     * @param index  journal index of the message.
     * @param buffer holding the message.
     * @param offset of its SBE header.
     * @param length of the message, header included.
     */
    @Override
    public void onMessage(final long index, final DirectBuffer buffer, final int offset, final int length)
    {
        header.wrap(buffer, offset);
        final String traceId =
            frameInput.traceAt(header.templateId(), buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH) ?
            traceIds.intern(frameInput.buffer(), frameInput.index()) : null;
        if (traceIdFilter != null && !traceIdFilter.equals(traceId))
        {
            return;
        }
        final int position = add(index, traceId, length);
        final int chunkIndex = (int)(locations[position] >>> 32);
        buffer.getBytes(offset, chunks.get(chunkIndex), (int)locations[position], length);
    }

    /** Keeps the invalid excerpt in its place when there is no trace filter (it belongs to no trace). */
    @Override
    public void onInvalid(final long index, final RecordError error, final String detail)
    {
        if (traceIdFilter == null)
        {
            final int position = add(index, null, 0);
            lengths[position] = INVALID;
            invalidByPosition.put(position, new InvalidExcerpt(index, error, detail));
        }
    }

    /** @return how many events the timeline holds. */
    public int size()
    {
        return size;
    }

    /** @return the trace id whose events are kept, or null for all. */
    public String traceIdFilter()
    {
        return traceIdFilter;
    }

    /** @return journal index of the {@code position}-th event. */
    public long index(final int position)
    {
        checkPosition(position);
        return indexes[position];
    }

    /** @return the event's trace id, or null when it has none. */
    public String traceId(final int position)
    {
        checkPosition(position);
        return eventTraceIds[position];
    }

    /** @return the event's template id, or {@link #INVALID} for an invalid excerpt. */
    public int templateId(final int position)
    {
        if (wrap(position, readView) == INVALID)
        {
            return INVALID;
        }
        return header.wrap(readView, 0).templateId();
    }

    /** @return the message name of the event, e.g. {@code OrderSent}, or {@code Invalid}. */
    public String type(final int position)
    {
        final int templateId = templateId(position);
        return templateId == INVALID ? "Invalid" : Messages.name(templateId);
    }

    /** @return the event's time ({@link MessageTimes#timeOf}), or {@link MessageTimes#UNKNOWN} for an invalid excerpt. */
    public long timeNs(final int position)
    {
        final int length = wrap(position, readView);
        return length == INVALID ? MessageTimes.UNKNOWN : MessageTimes.timeOf(readView, 0, length);
    }

    /** @return the invalid excerpt at the position, or null when it is a message. */
    public InvalidExcerpt invalid(final int position)
    {
        checkPosition(position);
        return invalidByPosition.get(position);
    }

    /** @return a copy of the event's message bytes (header included); empty for an invalid excerpt. */
    public byte[] messageBytes(final int position)
    {
        checkPosition(position);
        if (lengths[position] == INVALID)
        {
            return new byte[0];
        }
        final int chunkIndex = (int)(locations[position] >>> 32);
        final int offset = (int)locations[position];
        return Arrays.copyOfRange(chunks.get(chunkIndex), offset, offset + lengths[position]);
    }

    /** @return journal indexes of the trace's events, in journal order. */
    public long[] indexesOf(final String traceId)
    {
        int count = 0;
        for (int i = 0; i < size; i++)
        {
            if (traceId.equals(eventTraceIds[i]))
            {
                count++;
            }
        }
        final long[] result = new long[count];
        for (int i = 0, j = 0; i < size; i++)
        {
            if (traceId.equals(eventTraceIds[i]))
            {
                result[j++] = indexes[i];
            }
        }
        return result;
    }

    /**
     * Points {@code view} at the event's message bytes, for rendering without a copy.
     *
     * @return the message length, or {@link #INVALID} (view untouched) for an invalid excerpt.
     */
    int wrap(final int position, final UnsafeBuffer view)
    {
        checkPosition(position);
        final int length = lengths[position];
        if (length != INVALID)
        {
            view.wrap(chunks.get((int)(locations[position] >>> 32)), (int)locations[position], length);
        }
        return length;
    }

    /** Reserves room for an event of {@code length} bytes and records its index and trace. */
    private int add(final long index, final String traceId, final int length)
    {
        if (size == indexes.length)
        {
            final int capacity = size * 2;
            indexes = Arrays.copyOf(indexes, capacity);
            locations = Arrays.copyOf(locations, capacity);
            lengths = Arrays.copyOf(lengths, capacity);
            eventTraceIds = Arrays.copyOf(eventTraceIds, capacity);
        }
        if (chunk == null || chunkPosition + length > chunk.length)
        {
            // A message larger than a chunk (only possible with huge var data) gets a chunk of its own.
            chunk = new byte[Math.max(CHUNK_SIZE, length)];
            chunks.add(chunk);
            chunkPosition = 0;
        }
        final int position = size++;
        indexes[position] = index;
        locations[position] = ((long)(chunks.size() - 1) << 32) | chunkPosition;
        lengths[position] = length;
        eventTraceIds[position] = traceId;
        chunkPosition += length;
        return position;
    }

    private void checkPosition(final int position)
    {
        if (position < 0 || position >= size)
        {
            throw new IndexOutOfBoundsException("position " + position + " outside the timeline of " + size + " events");
        }
    }
}
