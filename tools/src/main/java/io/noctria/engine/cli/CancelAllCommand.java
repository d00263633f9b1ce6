package io.noctria.engine.cli;

import io.noctria.codecs.sbe.CancelAllEncoder;
import io.noctria.codecs.sbe.MessageHeaderEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code noctria cancel-all --reason TEXT [--symbol S] --key NAME.key}: cancel every working order (of one symbol).
 * Appends a CancelAll, signed with the operator's Ed25519 key like {@code noctria pause}; the engine verifies it and
 * journals a CancelSent for each working order in its frame (docs/messages.md, Actions).
 */
@Command(
    name = "cancel-all",
    mixinStandardHelpOptions = true,
    description = "Cancel every working order, or those of one symbol (signed, recorded with operator and reason).")
final class CancelAllCommand extends NoctriaSubcommand
{
    @Option(names = "--symbol", paramLabel = "SYMBOL", description = "Only this symbol's orders (default: all).")
    String symbol = "";

    @Mixin
    SignedControlOptions control;

    @Override
    public Integer call()
    {
        if (symbol.length() > 16 || !symbol.matches("[A-Za-z0-9._/:-]*"))
        {
            throw new CommandFailure("--symbol '" + symbol + "' must be at most 16 of A-Z a-z 0-9 . _ / : -", 2);
        }
        final OperatorKeyFile signer = control.signer();
        final String who = signer.operator();
        final byte[] reasonBytes = control.reasonBytes();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[SignedControlOptions.CONTROL_BUFFER_BYTES]);
        final CancelAllEncoder cancelAll = new CancelAllEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .inboundIndex(-1) // stamped by the engine's ingress; -1 and 0 are what the signature covers
            .ingressNs(0)
            .submittedNs(SignedControlOptions.nowNs())
            .operatorName(who)
            .symbol(symbol);
        cancelAll.putReason(reasonBytes, 0, reasonBytes.length);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + cancelAll.encodedLength();
        final long index = SignedControlOptions.signAndAppend(signer, parent.dataDir, buffer, length);
        spec.commandLine().getOut().println("cancel-all" + (symbol.isEmpty() ? "" : " of " + symbol) +
            " requested by " + who + " (inbound index " + index + "): " + control.reason);
        return 0;
    }
}
