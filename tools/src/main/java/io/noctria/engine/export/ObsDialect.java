package io.noctria.engine.export;

/** The databases {@code noctria export} writes to. Both take {@code INSERT ... ON CONFLICT}. */
enum ObsDialect
{
    DUCKDB, POSTGRES
}
