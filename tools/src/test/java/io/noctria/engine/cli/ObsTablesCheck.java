package io.noctria.engine.cli;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * SQL over the obs tables that {@code noctria export} wrote, checked against the KPIs of the same journal
 * ({@code kpis.json}): each KPI count is recomputed by a query, so the tables hold every row the fold counted.
 */
final class ObsTablesCheck
{
    /** kpis.json path → the query that must give the same count. */
    private static final String[][] KPI_QUERIES = {
        { "orders_received", "SELECT count(*) FROM obs_trace_latency" },
        { "orders_sent", "SELECT count(*) FROM outbox WHERE sent_at IS NOT NULL" },
        { "duplicates_suppressed", "SELECT count(*) FROM obs_trace_timeline WHERE type = 'DuplicateSuppressed'" },
        { "inputs_rejected", "SELECT count(*) FROM obs_trace_timeline WHERE type = 'InputRejected'" },
        { "risk.allowed", "SELECT count(*) FROM obs_decisions WHERE gate = 'RISK' AND verdict = 'ALLOW'" },
        { "risk.clamped", "SELECT count(*) FROM obs_decisions WHERE gate = 'RISK' AND verdict = 'CLAMP'" },
        { "risk.shrunk", "SELECT count(*) FROM obs_decisions WHERE gate = 'RISK' AND verdict = 'SHRINK'" },
        { "risk.rejected", "SELECT count(*) FROM obs_decisions WHERE gate = 'RISK' AND verdict = 'REJECT'" },
        { "risk.by_rule.MAX_ORDER_QTY", "SELECT count(*) FROM obs_decisions WHERE gate = 'RISK' AND rule = 'MAX_ORDER_QTY'" },
        { "quality.ok", "SELECT count(*) FROM obs_decisions WHERE gate = 'QUALITY' AND verdict = 'OK'" },
        { "quality.scale", "SELECT count(*) FROM obs_decisions WHERE gate = 'QUALITY' AND verdict = 'SCALE'" },
        { "quality.flat", "SELECT count(*) FROM obs_decisions WHERE gate = 'QUALITY' AND verdict = 'FLAT'" },
        { "broker.requests", "SELECT count(*) FROM obs_exec_events WHERE type = 'OrderSent'" },
        { "broker.errors", "SELECT count(*) FROM obs_exec_events WHERE type = 'SendFailed'" },
        { "broker.acks", "SELECT count(*) FROM obs_exec_events WHERE type = 'BrokerAck'" },
        { "broker.fills", "SELECT count(*) FROM obs_exec_events WHERE type = 'Fill'" },
        { "broker.partial_fills",
            "SELECT count(*) FROM obs_exec_events WHERE type = 'Fill' AND payload->>'fillType' = 'PARTIAL'" },
        { "broker.rejects", "SELECT count(*) FROM obs_exec_events WHERE type = 'BrokerReject'" },
        { "broker.expired", "SELECT count(*) FROM obs_exec_events WHERE type = 'Expired'" },
        { "broker.canceled", "SELECT count(*) FROM obs_exec_events WHERE type = 'Canceled'" },
        { "latency_us.ingress_to_sent.count",
            "SELECT count(*) FROM obs_trace_latency WHERE ingress_to_sent_us IS NOT NULL" },
        { "latency_us.ingress_to_final.count",
            "SELECT count(*) FROM obs_trace_latency WHERE ingress_to_final_us IS NOT NULL" },
        { "alerts.CRITICAL", "SELECT count(*) FROM obs_alerts WHERE severity = 'CRITICAL'" },
        { "alerts.WARNING", "SELECT count(*) FROM obs_alerts WHERE severity = 'WARNING'" },
        { "alerts.INFO", "SELECT count(*) FROM obs_alerts WHERE severity = 'INFO'" },
        { "invalid_excerpts.count", "SELECT count(*) FROM obs_trace_timeline WHERE type = 'Invalid'" },
        { "journal.excerpts", "SELECT count(DISTINCT journal_index) FROM obs_trace_timeline" },
    };

    /** Every obs table with the columns that order its rows. */
    private static final String[][] TABLES = {
        { "obs_trace_timeline", "journal_index, msg_seq" },
        { "obs_decisions", "journal_index, msg_seq" },
        { "obs_alerts", "journal_index, msg_seq" },
        { "obs_exec_events", "journal_index, msg_seq" },
        { "outbox", "idempotency_key" },
        { "obs_trace_latency", "input_index" },
        { "export_state", "journal" },
    };

    private ObsTablesCheck()
    {
    }

    /** Asserts that each KPI count of {@code kpis} (flattened kpis.json) equals its query's answer. */
    static void assertKpiCounts(final Connection connection, final Map<String, String> kpis) throws SQLException
    {
        final List<String> mismatches = new ArrayList<>();
        for (final String[] check : KPI_QUERIES)
        {
            final long expected = Long.parseLong(kpis.get(check[0]));
            final long actual = count(connection, check[1]);
            if (expected != actual)
            {
                mismatches.add(check[0] + ": kpis.json " + expected + ", SQL " + actual + " (" + check[1] + ")");
            }
        }
        assertEquals(List.of(), mismatches, "KPI counts by SQL over the exported tables");
        assertEquals(0, count(connection, "SELECT count(*) FROM obs_exec_events e WHERE NOT EXISTS " +
            "(SELECT 1 FROM obs_decisions d WHERE d.trace_id = e.trace_id)"),
            "every execution event's trace has a decision");
        assertEquals(0, count(connection, "SELECT count(*) FROM (SELECT idempotency_key FROM outbox " +
            "GROUP BY idempotency_key HAVING count(*) > 1) AS repeated"), "one outbox row per key");
    }

    /** @return the answer of a {@code SELECT count(*)}. */
    static long count(final Connection connection, final String sql) throws SQLException
    {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql))
        {
            row.next();
            return row.getLong(1);
        }
    }

    /** @return SHA-256 over every row of every table, in key order, each value as the database prints it. */
    static String digest(final Connection connection) throws SQLException
    {
        final MessageDigest sha256;
        try
        {
            sha256 = MessageDigest.getInstance("SHA-256");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException(ex);
        }
        for (final String[] table : TABLES)
        {
            sha256.update(table[0].getBytes(StandardCharsets.UTF_8));
            try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT * FROM " + table[0] + " ORDER BY " + table[1]))
            {
                final int columns = rows.getMetaData().getColumnCount();
                while (rows.next())
                {
                    for (int c = 1; c <= columns; c++)
                    {
                        sha256.update(String.valueOf(rows.getString(c)).getBytes(StandardCharsets.UTF_8));
                        sha256.update((byte)0x1f);
                    }
                    sha256.update((byte)'\n');
                }
            }
        }
        return HexFormat.of().formatHex(sha256.digest());
    }
}
