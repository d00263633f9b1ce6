package io.noctria.engine.cli;

import io.noctria.codecs.FrameInput;
import io.noctria.codecs.MessageFields;
import io.noctria.codecs.MessageFormatter;
import io.noctria.codecs.RecordError;
import io.noctria.codecs.sbe.MessageHeaderDecoder;
import io.noctria.codecs.sbe.OrderRequestDecoder;
import io.noctria.codecs.sbe.RequestKeyedDecoder;
import io.noctria.journal.JournalConsumer;
import io.noctria.journal.JournalDamagedException;
import io.noctria.journal.JournalReader;
import org.agrona.DirectBuffer;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * Decodes a Noctria queue to text or JSON lines, modelled on Chronicle's {@code ChronicleReader}:
 * configured with {@code with*} methods, writes to an injected sink, read-only.
 * <p>
 * Every excerpt is printed with its index first. An excerpt that is not a valid message is printed
 * in place as an {@code Invalid} record, reported on the error sink with its index, and counted.
 */
final class JournalTail implements JournalConsumer
{
    enum Format
    {
        TEXT, JSON
    }

    /** Where to start reading. */
    enum Start
    {
        BEGINNING, INDEX, TIME, LAST
    }

    private final Path queueDir;
    private final PrintWriter out;
    private final PrintWriter err;
    private final MessageFormatter formatter = new MessageFormatter();
    private final StringBuilder line = new StringBuilder(512);
    private final FrameInput frameInput = new FrameInput();

    private Format format = Format.TEXT;
    private Start start = Start.BEGINNING;
    private long startIndex;
    private long startTimeNs;
    private int lastCount;
    private boolean follow;
    private long maxMessages = Long.MAX_VALUE;
    private boolean[] typeFilter;
    private byte[] traceIdFilter;
    private TraceIdField traceIdField;
    private BooleanSupplier stopRequested = () -> false;

    private long printed;
    private long invalid;
    private long lastReadIndex = -1;
    private final QueueDamage damage = new QueueDamage();

    JournalTail(final Path queueDir, final PrintWriter out, final PrintWriter err)
    {
        this.queueDir = queueDir;
        this.out = out;
        this.err = err;
    }

    JournalTail withFormat(final Format format)
    {
        this.format = format;
        return this;
    }

    JournalTail withStartIndex(final long index)
    {
        this.start = Start.INDEX;
        this.startIndex = index;
        return this;
    }

    JournalTail withStartTime(final long epochNs)
    {
        this.start = Start.TIME;
        this.startTimeNs = epochNs;
        return this;
    }

    JournalTail withLast(final int count)
    {
        this.start = Start.LAST;
        this.lastCount = count;
        return this;
    }

    JournalTail withFollow(final boolean follow)
    {
        this.follow = follow;
        return this;
    }

    JournalTail withMaxMessages(final long max)
    {
        this.maxMessages = max;
        return this;
    }

    /** Only these template ids are printed; invalid excerpts are always printed. */
    JournalTail withTypes(final int[] templateIds)
    {
        int max = 0;
        for (final int id : templateIds)
        {
            max = Math.max(max, id);
        }
        typeFilter = new boolean[max + 1];
        for (final int id : templateIds)
        {
            typeFilter[id] = true;
        }
        return this;
    }

    JournalTail withTraceId(final String traceId)
    {
        traceIdFilter = TraceIdField.ascii(traceId);
        traceIdField = new TraceIdField();
        return this;
    }

    JournalTail withStopRequested(final BooleanSupplier stopRequested)
    {
        this.stopRequested = stopRequested;
        return this;
    }

    long printed()
    {
        return printed;
    }

    long invalid()
    {
        return invalid;
    }

    /** @return the index of the last excerpt read, -1 when none. */
    long lastReadIndex()
    {
        return lastReadIndex;
    }

    /** @return the damaged excerpts met (and where an unreadable excerpt header stopped the reading). */
    QueueDamage damage()
    {
        return damage;
    }

    /**
     * Reads until the end of the queue (or forever with follow, until stopped or the max is reached). An excerpt
     * header Chronicle cannot read ends the reading there: what came before is printed, the damage is reported on
     * the error sink in one line with its index and kept in {@link #damage()}.
     */
    void run() throws InterruptedException
    {
        try
        {
            read();
        }
        catch (final JournalDamagedException ex)
        {
            out.flush();
            damage.unreadable(ex);
            err.println(QueueDamage.unreadableLine("tail", ex));
            err.flush();
        }
    }

    private void read() throws InterruptedException
    {
        try (JournalReader reader = JournalReader.open(queueDir))
        {
            position(reader);
            long idleNs = 0;
            while (printed < maxMessages && !stopRequested.getAsBoolean())
            {
                final int read = reader.poll(this, 256);
                if (read > 0)
                {
                    idleNs = 0;
                    out.flush();
                    continue;
                }
                out.flush();
                if (!follow)
                {
                    break;
                }
                // Back off from a spin to at most 1 ms sleeps: a tail is a tool, not a latency path.
                idleNs = Math.min(1_000_000L, idleNs == 0 ? 10_000L : idleNs * 2);
                Thread.sleep(idleNs / 1_000_000L, (int)(idleNs % 1_000_000L));
            }
            lastReadIndex = reader.lastReadIndex();
        }
        out.flush();
    }

    private void position(final JournalReader reader)
    {
        switch (start)
        {
            case INDEX:
                if (!reader.toIndex(startIndex))
                {
                    throw new CommandFailure("--from-index " + startIndex + ": no such excerpt in " + queueDir);
                }
                break;
            case TIME:
                reader.toTime(startTimeNs);
                break;
            case LAST:
                reader.toLast(lastCount);
                break;
            default:
                reader.toStart();
        }
    }

    @Override
    public void onFrame(final long index, final int messages)
    {
        frameInput.onFrame(messages);
    }

    /**
     * Prints the message. An event that refers to its frame's request (schema 3: QualityDecision, RiskDecision,
     * RequestKeyed, OutboxRecorded, DuplicateSuppressed) is shown with the request's symbol, traceId and
     * idempotencyKey after its own fields, as the schema-2 events carried them, so a reader sees what it is about.
     */
    @Override
    public void onMessage(final long index, final DirectBuffer buffer, final int offset, final int length)
    {
        frameInput.next(buffer, offset, length); // prints the message as journaled, not its folded form
        if (printed >= maxMessages || !selected(buffer, offset, length))
        {
            return;
        }
        final int templateId = buffer.getShort(offset + MessageHeaderDecoder.templateIdEncodingOffset(),
            MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF;
        final boolean refers = MessageFields.refersToInput(templateId) && frameInput.isRequest();
        line.setLength(0);
        if (format == Format.JSON)
        {
            formatter.appendJson(index, buffer, offset, length, line);
            if (refers)
            {
                line.setLength(line.length() - 1); // the closing brace
                appendRequestFields(templateId, buffer, offset, true);
                line.append('}');
            }
        }
        else
        {
            formatter.appendText(index, buffer, offset, length, line);
            if (refers)
            {
                appendRequestFields(templateId, buffer, offset, false);
            }
        }
        out.append(line).append('\n');
        printed++;
    }

    private void appendRequestFields(
        final int templateId, final DirectBuffer buffer, final int offset, final boolean json)
    {
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        if (templateId != RequestKeyedDecoder.TEMPLATE_ID)
        {
            appendField("symbol", MessageFields.ascii(frameInput.inputBuffer(), FrameInput.symbolIndex(),
                OrderRequestDecoder.symbolLength()), json);
        }
        frameInput.traceAt(templateId, buffer, body);
        appendField("traceId", MessageFields.ascii(frameInput.buffer(), frameInput.index(),
            MessageFields.TRACE_ID_LENGTH), json);
        if (templateId != RequestKeyedDecoder.TEMPLATE_ID && frameInput.keyAt(templateId, buffer, body))
        {
            final StringBuilder hex = new StringBuilder(2 * MessageFields.KEY_LENGTH);
            for (int i = 0; i < MessageFields.KEY_LENGTH; i++)
            {
                final int b = frameInput.buffer().getByte(frameInput.index() + i) & 0xFF;
                hex.append(Character.forDigit(b >>> 4, 16)).append(Character.forDigit(b & 0xF, 16));
            }
            appendField("idempotencyKey", hex.toString(), json);
        }
    }

    private void appendField(final String name, final String value, final boolean json)
    {
        if (json)
        {
            line.append(",\"").append(name).append("\":");
            MessageFormatter.appendJsonString(line, value);
        }
        else
        {
            line.append(' ').append(name).append('=').append(value);
        }
    }

    @Override
    public void onInvalid(final long index, final RecordError error, final String detail)
    {
        invalid++;
        damage.note(index, error);
        if (printed >= maxMessages)
        {
            return;
        }
        line.setLength(0);
        if (format == Format.JSON)
        {
            MessageFormatter.appendInvalidJson(index, error, detail, line);
        }
        else
        {
            MessageFormatter.appendInvalidText(index, error, detail, line);
        }
        out.append(line).append('\n');
        err.println("noctria tail: excerpt " + index + " (0x" + Long.toHexString(index) + ") is not a valid message: " +
            error + ": " + detail);
        printed++;
    }

    private boolean selected(final DirectBuffer buffer, final int offset, final int length)
    {
        if (typeFilter != null)
        {
            final int templateId = buffer.getShort(offset + MessageHeaderDecoder.templateIdEncodingOffset(),
                MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF;
            if (templateId >= typeFilter.length || !typeFilter[templateId])
            {
                return false;
            }
        }
        if (traceIdFilter == null)
        {
            return true;
        }
        final int templateId = buffer.getShort(offset + MessageHeaderDecoder.templateIdEncodingOffset(),
            MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF;
        if (MessageFields.refersToInput(templateId))
        {
            return frameInput.traceAt(templateId, buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH) &&
                TraceIdField.equal(frameInput.buffer(), frameInput.index(), MessageFields.TRACE_ID_LENGTH,
                traceIdFilter);
        }
        return traceIdField.matches(buffer, offset, length, traceIdFilter);
    }
}
