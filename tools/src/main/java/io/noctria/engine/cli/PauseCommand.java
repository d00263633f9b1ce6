package io.noctria.engine.cli;

import io.noctria.codecs.sbe.ControlAction;
import io.noctria.codecs.sbe.ControlEncoder;
import io.noctria.codecs.sbe.MessageHeaderEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code noctria pause --on|--off --reason TEXT --key NAME.key}: the global trading pause (kill switch).
 * Appends a Control, signed with the operator's Ed25519 key, to the inbound queue; the engine verifies it
 * against its trusted operators, applies it in sequence with the orders around it, and the journal records
 * who and why. The engine's check is the defence; signing here is only how an operator proves who asks.
 */
@Command(
    name = "pause",
    mixinStandardHelpOptions = true,
    description = "Switch the global trading pause on or off (recorded with operator and reason).")
final class PauseCommand extends NoctriaSubcommand
{
    @ArgGroup(exclusive = true, multiplicity = "1")
    Switch state;

    static final class Switch
    {
        @Option(names = "--on", required = true, description = "Pause trading: new risk-increasing orders are rejected.")
        boolean on;

        @Option(names = "--off", required = true, description = "Resume trading.")
        boolean off;
    }

    @Mixin
    SignedControlOptions control;

    @Override
    public Integer call()
    {
        final OperatorKeyFile signer = control.signer();
        final String who = signer.operator();
        final byte[] reasonBytes = control.reasonBytes();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[SignedControlOptions.CONTROL_BUFFER_BYTES]);
        final ControlEncoder pause = new ControlEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .inboundIndex(-1) // stamped by the engine's ingress; -1 and 0 are what the signature covers
            .ingressNs(0)
            .submittedNs(SignedControlOptions.nowNs())
            .action(state.on ? ControlAction.PAUSE_ON : ControlAction.PAUSE_OFF)
            .operatorName(who);
        pause.putReason(reasonBytes, 0, reasonBytes.length);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + pause.encodedLength();
        final long index = SignedControlOptions.signAndAppend(signer, parent.dataDir, buffer, length);
        spec.commandLine().getOut().println("trading pause " + (state.on ? "ON" : "OFF") + " requested by " + who +
            " (inbound index " + index + "): " + control.reason);
        return 0;
    }
}
