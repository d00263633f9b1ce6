package io.noctria.engine.cli;

import io.noctria.codecs.sbe.ControlAction;
import io.noctria.codecs.sbe.ControlEncoder;
import io.noctria.codecs.sbe.MessageHeaderEncoder;
import io.noctria.journal.DataDirectory;
import io.noctria.journal.Journal;
import io.noctria.journal.JournalConfig;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/**
 * {@code noctria pause --on|--off --reason TEXT}: the global trading pause (kill switch). Appends a
 * Control to the inbound queue; the engine applies it in sequence with the orders around it and the
 * journal records who and why.
 */
@Command(
    name = "pause",
    mixinStandardHelpOptions = true,
    description = "Switch the global trading pause on or off (recorded with operator and reason).")
final class PauseCommand implements Callable<Integer>
{
    @ParentCommand
    NoctriaCli parent;

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Switch state;

    static final class Switch
    {
        @Option(names = "--on", required = true, description = "Pause trading: new risk-increasing orders are rejected.")
        boolean on;

        @Option(names = "--off", required = true, description = "Resume trading.")
        boolean off;
    }

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why (journaled).")
    String reason;

    @Option(names = "--operator", paramLabel = "NAME", description = "Who (default: the OS user).")
    String operator;

    @Override
    public Integer call()
    {
        final String who = operator != null ? operator : System.getProperty("user.name", "unknown");
        if (who.isEmpty() || who.length() > 32 || !who.chars().allMatch(c -> c >= 0x20 && c < 0x7F))
        {
            throw new CommandFailure("--operator must be 1-32 printable ASCII characters, was '" + who + "'", 2);
        }
        if (reason.isBlank())
        {
            throw new CommandFailure("--reason must not be blank", 2);
        }
        final byte[] reasonBytes = reason.getBytes(StandardCharsets.UTF_8);
        if (reasonBytes.length > 1024)
        {
            throw new CommandFailure("--reason is " + reasonBytes.length + " bytes; the limit is 1024", 2);
        }
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[2048]);
        final ControlEncoder control = new ControlEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .inboundIndex(-1)
            .ingressNs(0)
            .submittedNs(nowNs())
            .action(state.on ? ControlAction.PAUSE_ON : ControlAction.PAUSE_OFF)
            .operatorName(who);
        control.putReason(reasonBytes, 0, reasonBytes.length);
        final long index;
        try (Journal inbound = Journal.open(new DataDirectory(parent.dataDir).queue(DataDirectory.INBOUND),
            JournalConfig.defaults().withSharedWriters()))
        {
            index = inbound.append(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + control.encodedLength());
        }
        spec.commandLine().getOut().println("trading pause " + (state.on ? "ON" : "OFF") + " requested by " + who +
            " (inbound index " + index + "): " + reason);
        return 0;
    }

    private static long nowNs()
    {
        final java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
