/**
 * {@code noctria export}: the journal's projections ({@link io.noctria.replay.Projections}, the one fold that replay
 * and {@code run --report} use) written as the platform's observability tables in DuckDB or Postgres, idempotent on
 * re-export and incremental while the engine runs.
 */
package io.noctria.engine.export;
