package io.noctria.engine.runtime;

import io.noctria.codecs.sbe.EngineStartedDecoder;
import io.noctria.codecs.sbe.EngineStoppedDecoder;
import io.noctria.codecs.sbe.MessageHeaderDecoder;
import io.noctria.engine.cli.NoctriaCli;
import io.noctria.engine.testing.Journals;
import io.noctria.journal.DataDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Recovery rebuilds exactly the state the previous run ended with: the digest journaled in
 * EngineStarted by a restarted engine equals the one journaled in EngineStopped by the run before (here from the
 * snapshot each clean stop leaves; SnapshotRecoveryTest compares it with replaying the whole journal).
 */
class RecoveryStateHashTest
{
    @TempDir
    Path dataDir;

    @Test
    void shouldRecoverTheStateThePreviousRunStoppedWith()
    {
        demo("3000", "11");
        demo("2000", "12");
        demo("1000", "13");

        final List<String> started = new ArrayList<>();
        final List<String> stopped = new ArrayList<>();
        final List<Long> recoveredEvents = new ArrayList<>();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final EngineStartedDecoder start = new EngineStartedDecoder();
        final EngineStoppedDecoder stop = new EngineStoppedDecoder();
        final byte[] digest = new byte[32];
        Journals.readValid(new DataDirectory(dataDir).queue(DataDirectory.JOURNAL), (index, buffer, offset, length) ->
        {
            header.wrap(buffer, offset);
            final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
            if (header.templateId() == EngineStartedDecoder.TEMPLATE_ID)
            {
                start.wrap(buffer, body, header.blockLength(), header.version()).getStateHash(digest, 0, 32);
                started.add(HexFormat.of().formatHex(digest));
                recoveredEvents.add(start.recoveredEvents());
            }
            else if (header.templateId() == EngineStoppedDecoder.TEMPLATE_ID)
            {
                stop.wrap(buffer, body, header.blockLength(), header.version()).getStateHash(digest, 0, 32);
                stopped.add(HexFormat.of().formatHex(digest));
            }
        });
        assertEquals(3, started.size());
        assertEquals(3, stopped.size());
        assertEquals(0L, recoveredEvents.get(0));
        // Each clean stop leaves a snapshot at its EngineStopped frame: the restarts replay nothing after it.
        assertEquals(List.of(0L, 0L, 0L), recoveredEvents, "records replayed after the stop snapshots");
        assertEquals(stopped.get(0), started.get(1), "second start recovered the first run's final state");
        assertEquals(stopped.get(1), started.get(2), "third start recovered the second run's final state");
        assertNotEquals(started.get(1), started.get(2), "the runs changed the state");
    }

    private void demo(final String count, final String seed)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = NoctriaCli.execute(new PrintWriter(out), new PrintWriter(err), "run", "--demo", count,
            "--seed", seed, "--data-dir", dataDir.toString(), "--config", "../configs/engine.yml",
            "--policy", "../configs/risk_policy.yml");
        assertEquals(0, code, out + "\n" + err);
    }
}
