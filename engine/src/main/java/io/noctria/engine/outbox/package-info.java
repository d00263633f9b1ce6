/**
 * The outbox mirror: a durable, queryable copy of the outbox in a persistent Chronicle Map
 * ({@code <data>/outbox/outbox.dat}), maintained off the hot path by {@link io.noctria.engine.outbox.OutboxMirror},
 * which follows the engine's journal read-only, and read by tools through
 * {@link io.noctria.engine.outbox.OutboxLookup}.
 * <p>
 * The journal stays the source of truth and the business thread keeps its own in-memory outbox: nothing here
 * feeds a decision, and the mirror can always be deleted and rebuilt from the journal.
 */
package io.noctria.engine.outbox;
