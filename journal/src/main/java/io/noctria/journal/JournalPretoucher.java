package io.noctria.journal;

import org.agrona.IoUtil;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Faults in the pages of a queue's current cycle file ahead of its writer, on a thread of its own, so that the
 * writer's first store to a page does not pay for it (a page-cache page allocated and zeroed, ext4's block
 * reservation): docs/benchmarks.md found those first-touch faults on the memory-mapped journal behind the
 * millisecond stalls of the business thread on this machine's disk. The open-source Chronicle Queue has no
 * pretoucher (it moved to Queue Enterprise), so this is ours.
 * <p>
 * Chronicle maps a cycle file chunk by chunk and extends the file as it maps the next one; everything between
 * the writer and the end of the file is zeros it has not written yet. Each duty cycle touches up to
 * {@value #STEP_BYTES} bytes more of the newest cycle file, one atomic compare-and-set of 0 with 0 per page: a
 * page that holds data keeps it (the CAS fails, or writes the 0 that was there), a page of zeros becomes resident
 * and writable without changing a byte, whatever the writer does at the same moment. It never writes past the
 * end of the file Chronicle made (mapping past it would extend the file, racing Chronicle's own extension), so it
 * runs ahead within the chunk the writer is in, and into the next one as soon as Chronicle maps it. Cost: the
 * zero pages it makes dirty may be written back once before the writer fills them (at low rates), and the
 * file's blocks are allocated up to a chunk ahead.
 * <p>
 * One agent per queue directory, on its own thread; the writer may be in this process or another.
 * <p>
 * <b>Measured, and not run by the engine.</b> On this project's 2-vCPU VM (ext4) the latency harness with and
 * without it (docs/benchmarks.md, "The journal pretoucher") showed the same page faults on the business thread
 * (≈ 31-35 k per million requests: its own mapping still faults each page in, only more cheaply when the page is
 * resident) and the same kernel CPU time; the latency differences were the machine's load. It stays for the
 * harness ({@code -Dnoctria.bench.pretouch=true}) to be measured where storage, not CPU, is the stall.
 */
public final class JournalPretoucher implements Agent
{
    /** Bytes touched per duty cycle at most: a few milliseconds of work, so the agent stays responsive to close. */
    public static final int STEP_BYTES = 4 << 20;

    private static final int PAGE_BYTES = 4096;
    private static final String CYCLE_FILE_SUFFIX = ".cq4";
    private static final long RESCAN_NS = 100_000_000L;

    private final Path directory;
    private final AtomicCounter pagesTouched;
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private Path file;
    private FileChannel channel;
    private long touchedTo;
    private long nextScanNs;

    /**
     * @param directory    the queue directory whose newest cycle file is kept touched ahead.
     * @param pagesTouched counts the pages this agent has touched (a counter of the engine's counters file).
     */
    public JournalPretoucher(final Path directory, final AtomicCounter pagesTouched)
    {
        this.directory = directory;
        this.pagesTouched = pagesTouched;
    }

    @Override
    public int doWork() throws IOException
    {
        final long nowNs = System.nanoTime();
        if (nowNs - nextScanNs >= 0)
        {
            nextScanNs = nowNs + RESCAN_NS;
            follow(newestCycleFile());
        }
        if (null == channel)
        {
            return 0;
        }
        final long length = channel.size();
        if (touchedTo >= length)
        {
            return 0;
        }
        final long end = Math.min(length, touchedTo + STEP_BYTES);
        final MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_WRITE, touchedTo, end - touchedTo);
        try
        {
            view.wrap(mapped);
            int pages = 0;
            for (int offset = 0; offset + Integer.BYTES <= view.capacity(); offset += PAGE_BYTES)
            {
                view.compareAndSetInt(offset, 0, 0);
                pages++;
            }
            pagesTouched.getAndAddOrdered(pages);
            touchedTo = end;
            return pages;
        }
        finally
        {
            view.wrap(0, 0);
            IoUtil.unmap(mapped);
        }
    }

    @Override
    public void onClose()
    {
        closeChannel();
    }

    @Override
    public String roleName()
    {
        return "noctria-pretouch";
    }

    /** @return the byte position in the current cycle file up to which pages have been touched. */
    long touchedTo()
    {
        return touchedTo;
    }

    private void follow(final Path newest) throws IOException
    {
        if (null == newest || newest.equals(file))
        {
            return;
        }
        closeChannel();
        file = newest;
        // A new cycle file (a roll, or the first): from its start; pages the writer already filled keep their bytes.
        touchedTo = 0;
        channel = FileChannel.open(newest, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    /** @return the cycle file with the greatest name (Chronicle names them by cycle), or null when none. */
    private Path newestCycleFile()
    {
        Path newest = null;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + CYCLE_FILE_SUFFIX))
        {
            for (final Path candidate : files)
            {
                if (null == newest || candidate.getFileName().toString().compareTo(newest.getFileName().toString()) > 0)
                {
                    newest = candidate;
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list the cycle files of " + directory, ex);
        }
        return newest;
    }

    private void closeChannel()
    {
        if (null != channel)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ignored)
            {
                // Nothing can be lost: the agent changes no byte of the file, it only makes pages resident.
            }
            channel = null;
        }
    }
}
