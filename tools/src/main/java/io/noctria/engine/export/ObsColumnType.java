package io.noctria.engine.export;

import java.sql.Types;

/**
 * The SQL types of the obs tables' columns, with their spelling in each database and how a value is bound.
 */
enum ObsColumnType
{
    BIGINT("BIGINT", "BIGINT", Types.BIGINT),
    INTEGER("INTEGER", "INTEGER", Types.INTEGER),
    TEXT("VARCHAR", "TEXT", Types.VARCHAR),
    /** Qty, price and money: the journal's fixed point at scale 10^-6, exact. */
    DECIMAL_6("DECIMAL(24,6)", "NUMERIC(24,6)", Types.DECIMAL),
    /** Exact microseconds with 3 decimals (whole nanoseconds), as trace_latency.jsonl writes them. */
    MICROS("DECIMAL(24,3)", "NUMERIC(24,3)", Types.DECIMAL),
    /** Bound as an OffsetDateTime in UTC, truncated to the microsecond both databases keep. */
    TIMESTAMPTZ("TIMESTAMPTZ", "TIMESTAMPTZ", Types.TIMESTAMP_WITH_TIMEZONE),
    /** Bound as JSON text and cast in the statement. */
    JSON("JSON", "JSONB", Types.VARCHAR);

    private final String duckdb;
    private final String postgres;
    private final int jdbcType;

    ObsColumnType(final String duckdb, final String postgres, final int jdbcType)
    {
        this.duckdb = duckdb;
        this.postgres = postgres;
        this.jdbcType = jdbcType;
    }

    /** @return the type's name in {@code dialect}'s DDL. */
    String sql(final ObsDialect dialect)
    {
        return dialect == ObsDialect.DUCKDB ? duckdb : postgres;
    }

    /** @return the placeholder of a value of this type in an INSERT. */
    String placeholder(final ObsDialect dialect)
    {
        return this == JSON ? "CAST(? AS " + sql(dialect) + ")" : "?";
    }

    /** @return the {@link Types} code for a null of this type. */
    int jdbcType()
    {
        return jdbcType;
    }
}
