package io.noctria.bench;

import io.noctria.journal.Journal;
import io.noctria.journal.JournalConfig;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;


/**
 * {@link Journal#append} of one 200-byte message into a Chronicle queue on disk (page cache: the
 * journal does not fsync per excerpt). Two source buffers, because append has two copy paths: a
 * heap buffer (the core's events are encoded into a {@code byte[]}) and a direct one (ring slots).
 * <p>
 * Each iteration appends into a fresh queue that its teardown deletes, so a run never leaves
 * gigabytes behind (≈ 1 GB/s is appended). Opening the queue happens inside the iteration as far
 * as -prof gc is concerned: its few hundred KB show up as a fraction of a byte per op; the
 * {@code AllocationProbe} measures steady-state append allocation exactly. The queue directory is
 * under {@code -Dnoctria.bench.dir} (default {@code java.io.tmpdir}).
 */
public class JournalAppendBenchmark extends HotPathBenchmark
{
    static final int MESSAGE_LENGTH = 200;

    @Param({ "heap", "direct" })
    public String buffer;

    private UnsafeBuffer message;
    private ScratchDirectory dir;
    private Journal journal;

    @Setup(Level.Trial)
    public void setUpMessage()
    {
        message = "direct".equals(buffer) ?
            new UnsafeBuffer(BufferUtil.allocateDirectAligned(MESSAGE_LENGTH, 64)) :
            new UnsafeBuffer(new byte[MESSAGE_LENGTH]);
        fill(message);
    }

    @Setup(Level.Iteration)
    public void openJournal()
    {
        dir = ScratchDirectory.create("journal-append-");
        journal = Journal.open(dir.journal(), JournalConfig.defaults());
        journal.assignToCurrentThread();
    }

    @TearDown(Level.Iteration)
    public void closeJournal()
    {
        journal.close();
        dir.close();
    }

    @Benchmark
    public long append()
    {
        return journal.append(message, 0, MESSAGE_LENGTH);
    }

    /** The journal copies bytes without interpreting them: any 200 bytes do. */
    static void fill(final UnsafeBuffer message)
    {
        for (int i = 0; i < MESSAGE_LENGTH; i++)
        {
            message.putByte(i, (byte)(i * 31 + 7));
        }
    }
}
