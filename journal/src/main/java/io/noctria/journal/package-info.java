/**
 * The journal: Noctria's queues on disk, and the only code that touches Chronicle Queue.
 * <h2>Contract</h2>
 * <ul>
 *     <li><b>One SBE message per excerpt.</b> An excerpt's bytes are exactly one message of the
 *     Noctria schema, header included, with no framing of our own; the schema
 *     ({@code codecs/src/main/resources/sbe/noctria-schema.xml}) is the only definition of the bytes.</li>
 *     <li><b>Index.</b> Every excerpt has a Chronicle index: {@code cycle << k | sequence}. Indexes
 *     strictly increase in append order, also across writer restarts (a restarted {@link
 *     io.noctria.journal.Journal} continues after the last excerpt). They are consecutive within a
 *     cycle and jump at a roll, so compare indexes for order, never subtract them to count. An index
 *     is stable for the life of the queue: other messages refer to excerpts by it (e.g.
 *     {@code inboundIndex}). {@link io.noctria.journal.Journal#NO_INDEX} (-1) means none.</li>
 *     <li><b>Ordering.</b> One {@link io.noctria.journal.Journal} writes a directory (an OS lock
 *     enforces it across processes), so append order is the order every reader sees.</li>
 *     <li><b>Visibility.</b> An excerpt is visible to readers in any process once
 *     {@link io.noctria.journal.Journal#append} returns. It is in the page cache, not fsynced.</li>
 *     <li><b>Read-only readers.</b> A {@link io.noctria.journal.JournalReader} maps files read-only
 *     and never creates or changes anything; a missing queue is a
 *     {@link io.noctria.journal.JournalNotFoundException}. Every excerpt reaches its
 *     {@link io.noctria.journal.JournalConsumer} as a valid message or as an invalid one with a
 *     {@link io.noctria.codecs.RecordError}: nothing is skipped silently.</li>
 *     <li><b>Permissions.</b> Directories the writer creates are rwx------ and its files rw-------,
 *     where the file system has POSIX permissions.</li>
 * </ul>
 * {@link io.noctria.journal.DataDirectory} names the queues of a data directory.
 */
package io.noctria.journal;
