package io.noctria.engine.cli;

import io.noctria.codecs.MessageTimes;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static io.noctria.engine.cli.ReplayScenario.SECOND;
import static io.noctria.engine.cli.ReplayScenario.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplayProgressBarTest
{
    private final StringWriter text = new StringWriter();
    private final AtomicLong clock = new AtomicLong(5_000);

    @Test
    void shouldOnlyDrawForAPersonAtATerminal()
    {
        assertTrue(ProgressBar.enabled(false, Map.of(), true, "/dev/pts/3"));
        assertTrue(ProgressBar.enabled(false, Map.of(), true, "/dev/tty1"));
        assertTrue(ProgressBar.enabled(false, Map.of(), true, null), "no /proc: the console check decides");
        assertFalse(ProgressBar.enabled(false, Map.of(), false, "/dev/pts/3"), "not interactive (tests, pipes)");
        assertFalse(ProgressBar.enabled(false, Map.of(), true, "/tmp/replay.log"), "stderr redirected to a file");
        assertFalse(ProgressBar.enabled(false, Map.of(), true, "pipe:[1234]"), "stderr piped");
        assertFalse(ProgressBar.enabled(true, Map.of(), true, "/dev/pts/3"), "--no-progress");
        assertFalse(ProgressBar.enabled(false, Map.of(ProgressBar.DISABLE_ENV, "1"), true, "/dev/pts/3"));
        assertFalse(ProgressBar.enabled(false, Map.of("CI", "true"), true, "/dev/pts/3"));
    }

    @Test
    void shouldDrawNothingForAShortReplay()
    {
        final ProgressBar bar = bar(T0, T0 + 100 * SECOND);
        clock.addAndGet(ProgressBar.DELAY_NS - 1);
        bar.onProgress(4096, T0 + 50 * SECOND);
        bar.finish();

        assertEquals("", text.toString());
    }

    @Test
    void shouldDrawTheShareOfTheWindowByMessageTimeThrottledThenErase()
    {
        final ProgressBar bar = bar(T0, T0 + 100 * SECOND);
        clock.addAndGet(ProgressBar.DELAY_NS);
        bar.onProgress(1_234_567, T0 + 50 * SECOND);

        final String first = "\rreplay [###############...............]  50% 1,234,567 excerpts at 2026-11-22T00:00:50.000000000Z";
        assertEquals(first, text.toString());
        assertTrue(bar.drawn());

        clock.addAndGet(ProgressBar.INTERVAL_NS - 1);
        bar.onProgress(2_000_000, T0 + 75 * SECOND);
        assertEquals(first, text.toString(), "throttled");

        clock.addAndGet(1);
        bar.onProgress(2_000_000, T0 + 100 * SECOND);
        assertTrue(text.toString().endsWith("\rreplay [##############################] 100% 2,000,000 excerpts at " +
            "2026-11-22T00:01:40.000000000Z"), text.toString());

        final int drawnLength = ("replay [##############################] 100% 2,000,000 excerpts at " +
            "2026-11-22T00:01:40.000000000Z").length();
        bar.finish();
        assertTrue(text.toString().endsWith("\r" + " ".repeat(drawnLength) + "\r"), "erased");
        assertFalse(bar.drawn());
    }

    @Test
    void shouldShowOnlyTheCountWhenTheWindowEndIsUnknown()
    {
        final ProgressBar bar = bar(T0, MessageTimes.UNKNOWN);

        assertEquals("replay 42 excerpts", bar.render(42, MessageTimes.UNKNOWN));
        assertEquals("replay 42 excerpts at 2026-11-22T00:00:01.000000000Z", bar.render(42, T0 + SECOND));
        assertEquals("replay [..............................]   0% 7 excerpts at 2026-11-21T23:59:59.000000000Z",
            bar(T0, T0 + SECOND).render(7, T0 - SECOND), "a stamp before the start counts as 0 %");
    }

    private ProgressBar bar(final long startNs, final long endNs)
    {
        return new ProgressBar(new PrintWriter(text), "replay", startNs, endNs, clock::get);
    }
}
