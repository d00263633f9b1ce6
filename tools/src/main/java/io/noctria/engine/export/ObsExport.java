package io.noctria.engine.export;

import io.noctria.codecs.MessageFields;
import io.noctria.codecs.MessageFormatter;
import io.noctria.codecs.MessageTimes;
import io.noctria.codecs.sbe.AlertDecoder;
import io.noctria.codecs.sbe.BrokerAckDecoder;
import io.noctria.codecs.sbe.BrokerRejectDecoder;
import io.noctria.codecs.sbe.CanceledDecoder;
import io.noctria.codecs.sbe.ExpiredDecoder;
import io.noctria.codecs.sbe.FillDecoder;
import io.noctria.codecs.sbe.MessageHeaderDecoder;
import io.noctria.codecs.sbe.OrderReconciledDecoder;
import io.noctria.codecs.sbe.OrderSentDecoder;
import io.noctria.codecs.sbe.QualityDecisionDecoder;
import io.noctria.codecs.sbe.RiskDecisionDecoder;
import io.noctria.codecs.sbe.SendFailedDecoder;
import io.noctria.engine.core.Hash32Key;
import io.noctria.engine.core.OutboxEntry;
import io.noctria.engine.core.OutboxEntryFields;
import io.noctria.engine.core.OutboxField;
import io.noctria.replay.LatencyPoint;
import io.noctria.replay.LatencyStage;
import io.noctria.replay.Projections;
import io.noctria.replay.ReportWriter;
import io.noctria.replay.RequestLatency;
import io.noctria.replay.TraceTimeline;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;

import static io.noctria.engine.export.ObsTable.decimal6;
import static io.noctria.engine.export.ObsTable.utc;

/**
 * Writes what a {@link Projections} fold holds as the obs tables, and on each later {@link #write} only what changed:
 * the timeline's new events (and the decisions, alerts and execution events among them), the outbox entries and
 * request latencies that are new or whose values moved. Each write is one transaction that also records, in
 * {@value ObsTables#EXPORT_STATE}, the last journal index it covers, so the tables and the state never disagree.
 * <p>
 * Rows come from the projections only (the fold replay and {@code run --report} use); nothing here reads the journal.
 * A later export of the same journal from its start skips the event rows the state vouches for (they never change)
 * and replaces the outbox and latency rows; a re-export of the same journal leaves every table as it was.
 * <p>
 * A write that fails is rolled back whole; the export is then over (what it had seen is no longer known to be in the
 * tables): open a new one, which writes again what the state does not vouch for.
 * <p>
 * Single-threaded: call {@link #write} on the thread that folds.
 */
public final class ObsExport implements AutoCloseable
{
    private static final int OUTBOX_STRIDE = OutboxField.values().length;
    private static final LatencyPoint[] POINTS = LatencyPoint.values();
    private static final LatencyStage[] STAGES = LatencyStage.values();
    private static final int LATENCY_STRIDE = POINTS.length + 2;
    private static final int SPILL_ROWS = 65_536;

    private final ObsDatabase database;
    private final Connection connection;
    private final String journal;
    private final boolean fromStart;
    private final ObsTables tables = new ObsTables();
    private final long storedFirstIndex;
    private final long storedLastIndex;

    private final MessageFormatter formatter = new MessageFormatter();
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer message = new UnsafeBuffer(0, 0);
    private final StringBuilder text = new StringBuilder(1024);
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final RiskDecisionDecoder risk = new RiskDecisionDecoder();
    private final QualityDecisionDecoder quality = new QualityDecisionDecoder();
    private final AlertDecoder alert = new AlertDecoder();
    private final Hash32Key key = new Hash32Key();
    private final OutboxEntryFields fields = new OutboxEntryFields();

    private long writeNs;
    private long skipThrough = -1;
    private boolean started;
    private int timelineWritten;
    private long seqIndex = -1;
    private int seq;
    private long[] outboxSeen = new long[0];
    private int outboxCount;
    private long[] latencySeen = new long[0];
    private int latencyCount;

    private ObsExport(
        final ObsDatabase database, final Connection connection, final String journal, final boolean fromStart,
        final long storedFirstIndex, final long storedLastIndex)
    {
        this.database = database;
        this.connection = connection;
        this.journal = journal;
        this.fromStart = fromStart;
        this.storedFirstIndex = storedFirstIndex;
        this.storedLastIndex = storedLastIndex;
    }

    /**
     * Connects, creates the tables that are missing and reads what was exported of this journal before.
     *
     * @param database   where the tables are.
     * @param journalDir the journal exported: its absolute path keys the export state.
     * @param fromStart  true when the fold starts at the journal's first excerpt; a window that starts later neither
     *                   uses nor records the export state (its outbox and latency rows still replace the stored ones).
     * @return an export ready for its first {@link #write}.
     * @throws SQLException when the database cannot be reached or the tables cannot be made.
     */
    public static ObsExport open(final ObsDatabase database, final Path journalDir, final boolean fromStart)
        throws SQLException
    {
        final Connection connection = database.connect();
        try
        {
            final ObsTables ddl = new ObsTables();
            try (Statement statement = connection.createStatement())
            {
                for (final ObsTable table : ddl.all())
                {
                    statement.execute(table.createSql(database.dialect()));
                }
            }
            final String journal = journalDir.toAbsolutePath().normalize().toString();
            long first = -1;
            long last = -1;
            try (PreparedStatement query = connection.prepareStatement(
                "SELECT first_index, last_index FROM " + ObsTables.EXPORT_STATE + " WHERE journal = ?"))
            {
                query.setString(1, journal);
                try (ResultSet row = query.executeQuery())
                {
                    if (row.next())
                    {
                        first = row.getLong(1);
                        last = row.getLong(2);
                    }
                }
            }
            connection.setAutoCommit(false);
            return new ObsExport(database, connection, journal, fromStart, first, last);
        }
        catch (final SQLException | RuntimeException ex)
        {
            connection.close();
            throw ex;
        }
    }

    /**
     * Writes what changed in {@code projections} since the previous call (everything, on the first), in one
     * transaction.
     *
     * @param projections the fold, which only ever grows between calls.
     * @return rows written by this call.
     * @throws SQLException when the database refuses; the transaction is rolled back.
     */
    public long write(final Projections projections) throws SQLException
    {
        if (!started && projections.excerpts() > 0)
        {
            started = true;
            // The stored state vouches for event rows only if it describes this very journal from its start.
            skipThrough = fromStart && storedFirstIndex == projections.firstIndex() ? storedLastIndex : -1;
        }
        final long startNs = System.nanoTime();
        final long writtenBefore = written() + tables.state.written();
        try
        {
            queueTimeline(projections.timeline());
            queueOutbox(projections.outbox().entries());
            queueLatency(projections.latency().rows());
            if (fromStart && projections.excerpts() > 0)
            {
                tables.state.add(journal, projections.firstIndex(), projections.lastIndex(), projections.excerpts());
            }
            for (final ObsTable table : tables.all())
            {
                table.flush(connection, database.dialect());
            }
            connection.commit();
            writeNs += System.nanoTime() - startNs;
        }
        catch (final SQLException | RuntimeException ex)
        {
            connection.rollback();
            throw ex;
        }
        return written() + tables.state.written() - writtenBefore;
    }

    /** @return rows written to {@code table} (one of the obs tables' names) so far; 0 for another name. */
    public long written(final String table)
    {
        for (final ObsTable each : tables.all())
        {
            if (each.name().equals(table))
            {
                return each.written();
            }
        }
        return 0;
    }

    /** @return rows written to every table but the export state, so far. */
    public long written()
    {
        long rows = 0;
        for (final ObsTable table : tables.all())
        {
            rows += table == tables.state ? 0 : table.written();
        }
        return rows;
    }

    /** @return time spent in {@link #write}, building the rows and in the database, in nanoseconds. */
    public long writeNanos()
    {
        return writeNs;
    }

    /** @return the database, without its password. */
    public ObsDatabase database()
    {
        return database;
    }

    @Override
    public void close() throws SQLException
    {
        connection.close();
    }

    /**
     * Sends a table's queued rows to the database (same transaction) once there are {@value #SPILL_ROWS} of them, so a
     * first write of a large journal holds a bounded number of rows in memory.
     */
    private void spill(final ObsTable table) throws SQLException
    {
        if (table.pending() >= SPILL_ROWS)
        {
            table.flush(connection, database.dialect());
        }
    }

    private void queueTimeline(final TraceTimeline timeline) throws SQLException
    {
        for (int position = timelineWritten, size = timeline.size(); position < size; position++)
        {
            final long index = timeline.index(position);
            seq = index == seqIndex ? seq + 1 : 0;
            seqIndex = index;
            if (index <= skipThrough)
            {
                continue;
            }
            final long timeNs = timeline.timeNs(position);
            final Long tsNs = timeNs == MessageTimes.UNKNOWN ? null : timeNs;
            final String traceId = timeline.traceId(position);
            text.setLength(0);
            ReportWriter.appendTimelineLine(timeline, position, formatter, view, text);
            final String payload = text.toString();
            tables.timeline.add(index, seq, traceId, timeline.type(position), utc(timeNs, MessageTimes.UNKNOWN), tsNs,
                payload);
            if (timeline.templateId(position) != TraceTimeline.INVALID)
            {
                final byte[] bytes = timeline.messageBytes(position);
                message.wrap(bytes);
                queueEvent(index, traceId, timeline.type(position), timeNs, tsNs, payload);
            }
            spill(tables.timeline);
            spill(tables.decisions);
            spill(tables.alerts);
            spill(tables.execEvents);
        }
        timelineWritten = timeline.size();
    }

    /** Adds the event in {@link #message} to the decisions, alerts or execution events when it is one of those. */
    private void queueEvent(
        final long index, final String traceId, final String type, final long timeNs, final Long tsNs,
        final String payload)
    {
        header.wrap(message, 0);
        final int body = MessageHeaderDecoder.ENCODED_LENGTH;
        final int templateId = header.templateId();
        switch (templateId)
        {
            case RiskDecisionDecoder.TEMPLATE_ID:
                risk.wrap(message, body, header.blockLength(), header.version());
                tables.decisions.add(index, seq, traceId, risk.inputIndex(), "RISK", risk.verdict().name(),
                    risk.rule().name(), risk.rule().name(), risk.severity().name(), risk.policy().trim(),
                    decimal6(risk.originalQty(), Long.MIN_VALUE), decimal6(risk.finalQty(), Long.MIN_VALUE),
                    utc(timeNs, MessageTimes.UNKNOWN), tsNs, payload);
                break;
            case QualityDecisionDecoder.TEMPLATE_ID:
                quality.wrap(message, body, header.blockLength(), header.version());
                tables.decisions.add(index, seq, traceId, quality.inputIndex(), "QUALITY", quality.verdict().name(),
                    quality.reason().name(), null, null, null, decimal6(quality.originalQty(), Long.MIN_VALUE),
                    decimal6(quality.finalQty(), Long.MIN_VALUE), utc(timeNs, MessageTimes.UNKNOWN), tsNs, payload);
                break;
            case AlertDecoder.TEMPLATE_ID:
                alert.wrap(message, body, header.blockLength(), header.version());
                tables.alerts.add(index, seq, traceId, alert.inputIndex(), alert.code().name(),
                    alert.severity().name(), alert.rule().name(), alert.policy().trim(), alert.message(),
                    utc(timeNs, MessageTimes.UNKNOWN), tsNs, payload);
                break;
            case OrderSentDecoder.TEMPLATE_ID:
            case SendFailedDecoder.TEMPLATE_ID:
            case BrokerAckDecoder.TEMPLATE_ID:
            case FillDecoder.TEMPLATE_ID:
            case BrokerRejectDecoder.TEMPLATE_ID:
            case ExpiredDecoder.TEMPLATE_ID:
            case CanceledDecoder.TEMPLATE_ID:
            case OrderReconciledDecoder.TEMPLATE_ID:
            {
                final int keyOffset = MessageFields.keyOffset(templateId);
                final String idempotencyKey = keyOffset < 0 ? null : key.set(message, body + keyOffset).hex();
                tables.execEvents.add(index, seq, traceId, idempotencyKey, type, utc(timeNs, MessageTimes.UNKNOWN),
                    tsNs, payload);
                break;
            }
            default:
                break;
        }
    }

    private void queueOutbox(final List<OutboxEntry> entries) throws SQLException
    {
        final int size = entries.size();
        outboxSeen = room(outboxSeen, size, OUTBOX_STRIDE);
        for (int i = 0; i < size; i++)
        {
            final OutboxEntry entry = entries.get(i);
            fields.wrap(entry);
            boolean changed = i >= outboxCount;
            for (final OutboxField field : OutboxField.values())
            {
                final long value = fields.get(field);
                final int at = i * OUTBOX_STRIDE + field.ordinal();
                changed |= outboxSeen[at] != value;
                outboxSeen[at] = value;
            }
            if (changed)
            {
                addOutboxRow(entry);
                spill(tables.outbox);
            }
        }
        outboxCount = size;
    }

    private void addOutboxRow(final OutboxEntry entry)
    {
        final String idempotencyKey = entry.idempotencyKey();
        text.setLength(0);
        text.append("{\"idempotency_key\":");
        MessageFormatter.appendJsonString(text, idempotencyKey);
        text.append(",\"trace_id\":");
        MessageFormatter.appendJsonString(text, entry.traceId());
        text.append(",\"cl_ord_id\":");
        MessageFormatter.appendJsonString(text, entry.clOrdId());
        text.append(",\"symbol\":");
        MessageFormatter.appendJsonString(text, entry.symbol());
        text.append(",\"side\":\"").append(entry.side().name())
            .append("\",\"qty\":").append(decimal6(entry.qty(), Long.MIN_VALUE).toPlainString())
            .append(",\"price\":").append(decimal6(entry.price(), Long.MIN_VALUE).toPlainString())
            .append(",\"order_type\":\"").append(entry.orderType().name())
            .append("\",\"time_in_force\":\"").append(entry.timeInForce().name()).append("\"}");
        tables.outbox.add(idempotencyKey, entry.traceId(), text.toString(), utc(entry.createdNs(), OutboxEntry.NO_TIME),
            utc(entry.sentNs(), OutboxEntry.NO_TIME), entry.lastResponse(), entry.state().name(), entry.symbol(),
            entry.side().name(), decimal6(entry.qty(), Long.MIN_VALUE), decimal6(entry.price(), Long.MIN_VALUE),
            decimal6(entry.filledQty(), Long.MIN_VALUE), decimal6(entry.avgFillPrice(), OutboxEntry.NONE),
            entry.retries(), entry.sendFailures(), entry.duplicatesSuppressed(), entry.clOrdId(),
            entry.brokerOrderId() == OutboxEntry.NONE ? null : entry.brokerOrderId(), entry.firstIndex(),
            entry.inputIndex());
    }

    private void queueLatency(final List<RequestLatency> rows) throws SQLException
    {
        final int size = rows.size();
        latencySeen = room(latencySeen, size, LATENCY_STRIDE);
        for (int i = 0; i < size; i++)
        {
            final RequestLatency row = rows.get(i);
            final int at = i * LATENCY_STRIDE;
            boolean changed = i >= latencyCount;
            for (int p = 0; p < POINTS.length; p++)
            {
                final long value = row.pointNs(POINTS[p]);
                changed |= latencySeen[at + p] != value;
                latencySeen[at + p] = value;
            }
            final long finalState = row.finalState() == null ? -1 : row.finalState().ordinal();
            changed |= latencySeen[at + POINTS.length] != finalState;
            latencySeen[at + POINTS.length] = finalState;
            final String idempotencyKey = row.idempotencyKey();
            final long keyKnown = idempotencyKey == null ? 0 : 1;
            changed |= latencySeen[at + POINTS.length + 1] != keyKnown;
            latencySeen[at + POINTS.length + 1] = keyKnown;
            if (changed)
            {
                addLatencyRow(row, idempotencyKey);
                spill(tables.latency);
            }
        }
        latencyCount = size;
    }

    /** @return {@code seen}, or a larger copy, with room for {@code rows} rows of {@code stride} values. */
    private static long[] room(final long[] seen, final int rows, final int stride)
    {
        return seen.length >= rows * stride ? seen : Arrays.copyOf(seen, Math.max(rows, 2 * seen.length / stride) * stride);
    }

    private void addLatencyRow(final RequestLatency row, final String idempotencyKey)
    {
        final Object[] values = new Object[6 + STAGES.length];
        values[0] = row.inputIndex();
        values[1] = row.traceId();
        values[2] = idempotencyKey;
        values[3] = row.finalState() == null ? null : row.finalState().name();
        values[4] = utc(row.ingressNs(), RequestLatency.NOT_REACHED);
        values[5] = row.ingressNs() == RequestLatency.NOT_REACHED ? null : row.ingressNs();
        for (int s = 0; s < STAGES.length; s++)
        {
            final long durationNs = row.durationNs(STAGES[s]);
            values[6 + s] = durationNs == RequestLatency.NOT_REACHED ? null : java.math.BigDecimal.valueOf(durationNs, 3);
        }
        tables.latency.add(values);
    }
}
