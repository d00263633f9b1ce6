package io.noctria.engine.cli;

import io.noctria.codecs.MessageTimes;
import io.noctria.replay.ReplayProgress;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar for long replays, drawn on stderr with carriage returns and erased when the replay
 * ends. Progress is by message time across the window, since the journal is (nearly) in time order.
 * <p>
 * Only for a person at a terminal: {@link #enabled} says no when stderr is not a terminal, in CI, or when
 * turned off by {@code --no-progress} or {@value #DISABLE_ENV}. Nothing is drawn for a replay shorter
 * than {@link #DELAY_NS}, and at most every {@link #INTERVAL_NS}, so short replays leave no trace.
 */
final class ProgressBar implements ReplayProgress
{
    /** Set (to anything) to turn the progress bar off. */
    static final String DISABLE_ENV = "NOCTRIA_NO_PROGRESS";
    /** Replays shorter than this draw nothing. */
    static final long DELAY_NS = 1_000_000_000L;
    /** Redraws at most this often. */
    static final long INTERVAL_NS = 200_000_000L;

    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final String label;
    private final long startNs;
    private final long endNs;
    private final LongSupplier nanoClock;
    private final long createdNs;
    private long lastDrawNs;
    private int drawnLength;

    /**
     * @param err       where to draw.
     * @param label     the command, e.g. {@code replay}.
     * @param startNs   message time the window starts at, or {@link MessageTimes#UNKNOWN}.
     * @param endNs     message time the window ends at, or {@link MessageTimes#UNKNOWN} (then no percentage).
     * @param nanoClock monotonic clock ({@code System::nanoTime}).
     */
    ProgressBar(final PrintWriter err, final String label, final long startNs, final long endNs,
        final LongSupplier nanoClock)
    {
        this.err = err;
        this.label = label;
        this.startNs = startNs;
        this.endNs = endNs;
        this.nanoClock = nanoClock;
        this.createdNs = nanoClock.getAsLong();
    }

    /**
     * @param noProgressFlag {@code --no-progress} was given.
     * @param env            the process environment.
     * @param consolePresent {@code System.console() != null}: the JVM is interactive.
     * @param stderrLink     where {@code /proc/self/fd/2} points, or null when unknown (not Linux).
     * @return true when a person watches stderr: interactive, stderr a terminal, not CI, not turned off.
     */
    static boolean enabled(final boolean noProgressFlag, final Map<String, String> env, final boolean consolePresent,
        final String stderrLink)
    {
        if (noProgressFlag || !consolePresent || env.containsKey(DISABLE_ENV) || env.containsKey("CI"))
        {
            return false;
        }
        return stderrLink == null || stderrLink.startsWith("/dev/pts/") || stderrLink.startsWith("/dev/tty");
    }

    /** @return {@link #enabled} for this process. */
    static boolean enabledForThisProcess(final boolean noProgressFlag)
    {
        String stderrLink = null;
        try
        {
            final Path fd2 = Paths.get("/proc/self/fd/2");
            if (Files.isSymbolicLink(fd2))
            {
                stderrLink = Files.readSymbolicLink(fd2).toString();
            }
        }
        catch (final Exception ignore)
        {
            // Not Linux, or no /proc: fall back on the console check alone.
        }
        return enabled(noProgressFlag, System.getenv(), System.console() != null, stderrLink);
    }

    @Override
    public void onProgress(final long excerpts, final long lastTimeNs)
    {
        final long nowNs = nanoClock.getAsLong();
        if (nowNs - createdNs < DELAY_NS || (drawnLength > 0 && nowNs - lastDrawNs < INTERVAL_NS))
        {
            return;
        }
        lastDrawNs = nowNs;
        final String line = render(excerpts, lastTimeNs);
        final StringBuilder text = new StringBuilder(line.length() + 8).append('\r').append(line);
        for (int i = line.length(); i < drawnLength; i++)
        {
            text.append(' ');
        }
        err.print(text);
        err.flush();
        drawnLength = line.length();
    }

    /** Erases the bar, if one was drawn, so the next output starts on a clean line. */
    void finish()
    {
        if (drawnLength > 0)
        {
            err.print('\r' + " ".repeat(drawnLength) + '\r');
            err.flush();
            drawnLength = 0;
        }
    }

    /** @return true once something was drawn and not yet erased. */
    boolean drawn()
    {
        return drawnLength > 0;
    }

    String render(final long excerpts, final long lastTimeNs)
    {
        final StringBuilder line = new StringBuilder(96).append(label).append(' ');
        final int percent = percent(lastTimeNs);
        if (percent >= 0)
        {
            final int filled = percent * WIDTH / 100;
            line.append('[').append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ");
            line.append(String.format(Locale.ROOT, "%3d%% ", percent));
        }
        line.append(String.format(Locale.ROOT, "%,d excerpts", excerpts));
        if (lastTimeNs != MessageTimes.UNKNOWN)
        {
            line.append(" at ").append(TimeText.utc(lastTimeNs));
        }
        return line.toString();
    }

    private int percent(final long lastTimeNs)
    {
        if (startNs == MessageTimes.UNKNOWN || endNs == MessageTimes.UNKNOWN || endNs <= startNs ||
            lastTimeNs == MessageTimes.UNKNOWN)
        {
            return -1;
        }
        final double fraction = (double)(lastTimeNs - startNs) / (double)(endNs - startNs);
        return (int)Math.max(0, Math.min(100, Math.floor(fraction * 100)));
    }
}
