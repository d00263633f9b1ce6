package io.noctria.engine.cli;

import io.noctria.codecs.sbe.MessageHeaderEncoder;
import io.noctria.codecs.sbe.PolicyReloadEncoder;
import io.noctria.engine.config.ConfigException;
import io.noctria.engine.config.RiskPolicy;
import io.noctria.engine.runtime.Engine;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code noctria reload-policy [--policy FILE] --reason TEXT}: replaces the running engine's risk
 * policy, signed with the operator's Ed25519 key ({@code --key}, over the policy bytes too). The file is validated here first (a bad file is refused with file, key and value, and the
 * engine never sees it); then its bytes are appended to the inbound queue as a {@code PolicyReload},
 * which the engine applies in sequence with the orders around it. Carrying the bytes, rather than a
 * path the engine would read, is what makes the reload part of the journal: replay and recovery apply
 * the same policy at the same point. The engine validates again, so a PolicyReload from another
 * producer that fails keeps the previous policy and raises a WARNING alert.
 */
@Command(
    name = "reload-policy",
    mixinStandardHelpOptions = true,
    description = "Replace the running engine's risk policy (validated first; applied in sequence, journaled).")
final class ReloadPolicyCommand extends NoctriaSubcommand
{
    @Option(names = "--policy", paramLabel = "FILE", defaultValue = "configs/risk_policy.yml",
        description = "The new Noctus risk policy (default: ${DEFAULT-VALUE}).")
    Path policy;

    @Mixin
    SignedControlOptions control;

    @Override
    public Integer call() throws IOException
    {
        final OperatorKeyFile signer = control.signer();
        final String who = signer.operator();
        final String reason = control.reason;
        final Path file = ConfigFiles.resolve(policy);
        final RiskPolicy parsed;
        try
        {
            parsed = RiskPolicy.load(file);
        }
        catch (final ConfigException ex)
        {
            throw new CommandFailure(ex.getMessage() + " (nothing sent; the engine keeps its policy)", 2);
        }
        final byte[] yaml = Files.readAllBytes(file);
        final byte[] reasonBytes = reason.getBytes(StandardCharsets.UTF_8);
        final byte[] source = file.toString().getBytes(StandardCharsets.UTF_8);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + PolicyReloadEncoder.BLOCK_LENGTH +
            3 * PolicyReloadEncoder.reasonHeaderLength() + reasonBytes.length + source.length + yaml.length;
        if (length > Engine.MAX_INPUT_LENGTH)
        {
            throw new CommandFailure(file + ": a reload carries the policy in one input of at most " +
                Engine.MAX_INPUT_LENGTH + " bytes, and this one needs " + length + " (policy " + yaml.length +
                " bytes); shorten the file (comments count) or load it by restarting the engine with --policy", 2);
        }
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[length]);
        final PolicyReloadEncoder reload = new PolicyReloadEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .inboundIndex(-1) // stamped by the engine's ingress; -1 and 0 are what the signature covers
            .ingressNs(0)
            .submittedNs(SignedControlOptions.nowNs())
            .operatorName(who);
        reload.putReason(reasonBytes, 0, reasonBytes.length);
        reload.putSource(source, 0, source.length);
        reload.putPolicy(yaml, 0, yaml.length);
        final int encoded = MessageHeaderEncoder.ENCODED_LENGTH + reload.encodedLength();
        final long index = SignedControlOptions.signAndAppend(signer, parent.dataDir, buffer, encoded);
        spec.commandLine().getOut().println("policy reload requested by " + who + " (inbound index " + index + "): " +
            file + " sha256 " + parsed.policyHashHex() + ": " + reason);
        return 0;
    }
}
