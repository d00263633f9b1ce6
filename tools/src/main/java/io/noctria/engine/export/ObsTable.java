package io.noctria.engine.export;

import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One obs table: its columns, its unique key and how a re-export treats a row already there, plus the rows waiting
 * to be written.
 * <p>
 * Rows of journal events never change once written, so a second copy is dropped ({@code ON CONFLICT DO NOTHING});
 * rows of a projection that keeps changing (an outbox entry, a request's stage times) replace the row of the same key
 * ({@code ON CONFLICT DO UPDATE}). Either way writing the same journal twice leaves the table as it was. Postgres
 * takes multi-row INSERTs of up to {@value #ROWS_PER_STATEMENT} rows (well under its parameter limit); DuckDB takes
 * the rows through its appender and a staging table.
 * <p>
 * Single-threaded.
 */
final class ObsTable
{
    private static final int ROWS_PER_STATEMENT = 256;

    private final String name;
    private final String[] columns;
    private final ObsColumnType[] types;
    private final String[] key;
    private final boolean replaces;
    private final List<Object[]> pending = new ArrayList<>();
    private long written;

    /**
     * @param name     table name.
     * @param key      the unique key's columns.
     * @param replaces true when a row of the same key replaces the stored one; false when it is dropped.
     * @param columns  pairs of column name and {@link ObsColumnType}, in order.
     */
    ObsTable(final String name, final String[] key, final boolean replaces, final Object... columns)
    {
        this.name = name;
        this.key = key.clone();
        this.replaces = replaces;
        this.columns = new String[columns.length / 2];
        this.types = new ObsColumnType[columns.length / 2];
        for (int i = 0; i < this.columns.length; i++)
        {
            this.columns[i] = (String)columns[2 * i];
            this.types[i] = (ObsColumnType)columns[2 * i + 1];
        }
    }

    /** @return the table's name. */
    String name()
    {
        return name;
    }

    /** @return rows written (inserted, replaced or dropped as already there) since this object was made. */
    long written()
    {
        return written;
    }

    /** @return {@code CREATE TABLE IF NOT EXISTS} with the unique key as the primary key. */
    String createSql(final ObsDialect dialect)
    {
        final StringBuilder sql = new StringBuilder(256).append("CREATE TABLE IF NOT EXISTS ").append(name).append(" (");
        for (int i = 0; i < columns.length; i++)
        {
            sql.append(columns[i]).append(' ').append(types[i].sql(dialect));
            if (Arrays.asList(key).contains(columns[i]))
            {
                sql.append(" NOT NULL");
            }
            sql.append(", ");
        }
        return sql.append("PRIMARY KEY (").append(String.join(", ", key)).append("))").toString();
    }

    /**
     * Queues one row. Values by column: Long, Integer, String (JSON text for JSON columns), BigDecimal,
     * OffsetDateTime, or null.
     */
    void add(final Object... row)
    {
        if (row.length != columns.length)
        {
            throw new IllegalArgumentException(name + ": " + row.length + " values for " + columns.length + " columns");
        }
        pending.add(row);
    }

    /** @return rows queued and not yet written. */
    int pending()
    {
        return pending.size();
    }

    /** Writes the queued rows on {@code connection} (in its transaction) and empties the queue. */
    void flush(final Connection connection, final ObsDialect dialect) throws SQLException
    {
        if (pending.isEmpty())
        {
            return;
        }
        if (dialect == ObsDialect.DUCKDB)
        {
            flushThroughStage(connection);
        }
        else
        {
            flushByInserts(connection, dialect);
        }
        written += pending.size();
        pending.clear();
    }

    /**
     * DuckDB plans a statement per execution, which makes parameterised INSERTs crawl (about 2,000 rows/s): the rows
     * go through its appender into a temporary table of the same shape, and from there into the table by one
     * INSERT ... SELECT with the same conflict rule.
     */
    private void flushThroughStage(final Connection connection) throws SQLException
    {
        final String stage = "stage_" + name;
        try (Statement statement = connection.createStatement())
        {
            statement.execute("CREATE TEMP TABLE IF NOT EXISTS " + stage + " AS SELECT * FROM " + name + " LIMIT 0");
            try (DuckDBAppender appender = connection.unwrap(DuckDBConnection.class).createAppender("temp", "main", stage))
            {
                for (int r = 0, n = pending.size(); r < n; r++)
                {
                    appender.beginRow();
                    for (final Object value : pending.get(r))
                    {
                        append(appender, value);
                    }
                    appender.endRow();
                }
            }
            statement.execute("INSERT INTO " + name + " SELECT * FROM " + stage + conflictClause());
            statement.execute("DELETE FROM " + stage);
        }
    }

    private void flushByInserts(final Connection connection, final ObsDialect dialect) throws SQLException
    {
        final int total = pending.size();
        int at = 0;
        if (total >= ROWS_PER_STATEMENT)
        {
            try (PreparedStatement full = connection.prepareStatement(insertSql(dialect, ROWS_PER_STATEMENT)))
            {
                for (; total - at >= ROWS_PER_STATEMENT; at += ROWS_PER_STATEMENT)
                {
                    bind(full, at, ROWS_PER_STATEMENT);
                    full.executeUpdate();
                }
            }
        }
        if (at < total)
        {
            try (PreparedStatement rest = connection.prepareStatement(insertSql(dialect, total - at)))
            {
                bind(rest, at, total - at);
                rest.executeUpdate();
            }
        }
    }

    private static void append(final DuckDBAppender appender, final Object value) throws SQLException
    {
        if (value == null)
        {
            appender.appendNull();
        }
        else if (value instanceof Long)
        {
            appender.append((long)(Long)value);
        }
        else if (value instanceof Integer)
        {
            appender.append((int)(Integer)value);
        }
        else if (value instanceof String)
        {
            appender.append((String)value);
        }
        else if (value instanceof BigDecimal)
        {
            appender.append((BigDecimal)value);
        }
        else if (value instanceof OffsetDateTime)
        {
            appender.append((OffsetDateTime)value);
        }
        else
        {
            throw new IllegalArgumentException("no DuckDB column value of " + value.getClass().getName());
        }
    }

    /** @return the instant in UTC at microsecond precision (both databases keep µs), or null for {@code unknown}. */
    static OffsetDateTime utc(final long epochNs, final long unknown)
    {
        if (epochNs == unknown)
        {
            return null;
        }
        return Instant.ofEpochSecond(Math.floorDiv(epochNs, 1_000_000_000L), Math.floorMod(epochNs, 1_000_000_000L))
            .truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    /** @return the fixed-point value at scale 10^-6 as an exact decimal, or null for {@code none}. */
    static BigDecimal decimal6(final long value, final long none)
    {
        return value == none ? null : BigDecimal.valueOf(value, 6);
    }

    String insertSql(final ObsDialect dialect, final int rows)
    {
        final StringBuilder row = new StringBuilder(columns.length * 4).append('(');
        for (int i = 0; i < columns.length; i++)
        {
            row.append(i == 0 ? "" : ", ").append(types[i].placeholder(dialect));
        }
        row.append(')');
        final StringBuilder sql = new StringBuilder(64 + rows * row.length()).append("INSERT INTO ").append(name)
            .append(" (").append(String.join(", ", columns)).append(") VALUES ");
        for (int r = 0; r < rows; r++)
        {
            sql.append(r == 0 ? "" : ", ").append(row);
        }
        return sql.append(conflictClause()).toString();
    }

    private String conflictClause()
    {
        final StringBuilder sql = new StringBuilder(128).append(" ON CONFLICT (").append(String.join(", ", key)).append(')');
        if (!replaces)
        {
            return sql.append(" DO NOTHING").toString();
        }
        sql.append(" DO UPDATE SET ");
        boolean first = true;
        for (final String column : columns)
        {
            if (!Arrays.asList(key).contains(column))
            {
                sql.append(first ? "" : ", ").append(column).append(" = excluded.").append(column);
                first = false;
            }
        }
        return sql.toString();
    }

    private void bind(final PreparedStatement statement, final int from, final int rows) throws SQLException
    {
        int parameter = 1;
        for (int r = from; r < from + rows; r++)
        {
            final Object[] row = pending.get(r);
            for (int c = 0; c < row.length; c++, parameter++)
            {
                if (row[c] == null)
                {
                    statement.setNull(parameter, types[c].jdbcType());
                }
                else
                {
                    statement.setObject(parameter, row[c]);
                }
            }
        }
    }
}
