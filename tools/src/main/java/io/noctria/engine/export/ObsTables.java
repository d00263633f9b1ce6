package io.noctria.engine.export;

import io.noctria.replay.LatencyStage;

import static io.noctria.engine.export.ObsColumnType.BIGINT;
import static io.noctria.engine.export.ObsColumnType.DECIMAL_6;
import static io.noctria.engine.export.ObsColumnType.INTEGER;
import static io.noctria.engine.export.ObsColumnType.JSON;
import static io.noctria.engine.export.ObsColumnType.MICROS;
import static io.noctria.engine.export.ObsColumnType.TEXT;
import static io.noctria.engine.export.ObsColumnType.TIMESTAMPTZ;

/**
 * The platform's observability tables as {@code noctria export} writes them (column by column in
 * docs/operations.md, "Exporting the obs tables"). Event tables are keyed by the event's place in the journal:
 * {@code journal_index} and {@code msg_seq}, its position in the excerpt (a frame holds a request and the events it
 * caused under one index). A fresh set per export: each table queues its own rows.
 */
final class ObsTables
{
    /** What has been exported of which journal: one row per journal directory. */
    static final String EXPORT_STATE = "export_state";

    private static final String[] EVENT_KEY = { "journal_index", "msg_seq" };

    final ObsTable timeline = new ObsTable("obs_trace_timeline", EVENT_KEY, false,
        "journal_index", BIGINT, "msg_seq", INTEGER, "trace_id", TEXT, "type", TEXT, "created_at", TIMESTAMPTZ,
        "ts_ns", BIGINT, "payload", JSON);

    final ObsTable decisions = new ObsTable("obs_decisions", EVENT_KEY, false,
        "journal_index", BIGINT, "msg_seq", INTEGER, "trace_id", TEXT, "input_index", BIGINT, "gate", TEXT,
        "verdict", TEXT, "reason", TEXT, "rule", TEXT, "severity", TEXT, "policy", TEXT, "original_qty", DECIMAL_6,
        "final_qty", DECIMAL_6, "created_at", TIMESTAMPTZ, "ts_ns", BIGINT, "payload", JSON);

    final ObsTable alerts = new ObsTable("obs_alerts", EVENT_KEY, false,
        "journal_index", BIGINT, "msg_seq", INTEGER, "trace_id", TEXT, "input_index", BIGINT, "code", TEXT,
        "severity", TEXT, "rule", TEXT, "policy", TEXT, "reason", TEXT, "created_at", TIMESTAMPTZ, "ts_ns", BIGINT,
        "payload", JSON);

    final ObsTable execEvents = new ObsTable("obs_exec_events", EVENT_KEY, false,
        "journal_index", BIGINT, "msg_seq", INTEGER, "trace_id", TEXT, "idempotency_key", TEXT, "type", TEXT,
        "created_at", TIMESTAMPTZ, "ts_ns", BIGINT, "payload", JSON);

    final ObsTable outbox = new ObsTable("outbox", new String[]{ "idempotency_key" }, true,
        "idempotency_key", TEXT, "trace_id", TEXT, "payload", JSON, "created_at", TIMESTAMPTZ, "sent_at", TIMESTAMPTZ,
        "broker_response", TEXT, "state", TEXT, "symbol", TEXT, "side", TEXT, "qty", DECIMAL_6, "price", DECIMAL_6,
        "filled_qty", DECIMAL_6, "avg_fill_price", DECIMAL_6, "retries", INTEGER, "send_failures", INTEGER,
        "duplicates_suppressed", INTEGER, "cl_ord_id", TEXT, "broker_order_id", BIGINT, "first_index", BIGINT,
        "input_index", BIGINT);

    final ObsTable latency = new ObsTable("obs_trace_latency", new String[]{ "input_index" }, true, latencyColumns());

    final ObsTable state = new ObsTable(EXPORT_STATE, new String[]{ "journal" }, true,
        "journal", TEXT, "first_index", BIGINT, "last_index", BIGINT, "excerpts", BIGINT);

    /** @return every table, the export state last (it is written after the rows it vouches for). */
    ObsTable[] all()
    {
        return new ObsTable[]{ timeline, decisions, alerts, execEvents, outbox, latency, state };
    }

    private static Object[] latencyColumns()
    {
        final Object[] fixed = {
            "input_index", BIGINT, "trace_id", TEXT, "idempotency_key", TEXT, "final_state", TEXT,
            "ingress_at", TIMESTAMPTZ, "ingress_ns", BIGINT };
        final LatencyStage[] stages = LatencyStage.values();
        final Object[] columns = new Object[fixed.length + 2 * stages.length];
        System.arraycopy(fixed, 0, columns, 0, fixed.length);
        for (int i = 0; i < stages.length; i++)
        {
            columns[fixed.length + 2 * i] = stages[i].jsonName() + "_us";
            columns[fixed.length + 2 * i + 1] = MICROS;
        }
        return columns;
    }
}
