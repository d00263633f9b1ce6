package io.noctria.engine.cli;

import io.noctria.codecs.sbe.MessageHeaderEncoder;
import io.noctria.codecs.sbe.PolicyReloadEncoder;
import io.noctria.engine.core.ControlSignatures;
import io.noctria.engine.config.ConfigException;
import io.noctria.engine.config.RiskPolicy;
import io.noctria.engine.runtime.Engine;
import io.noctria.journal.DataDirectory;
import io.noctria.journal.Journal;
import io.noctria.journal.JournalConfig;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

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
final class ReloadPolicyCommand implements Callable<Integer>
{
    @ParentCommand
    NoctriaCli parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--policy", paramLabel = "FILE", defaultValue = "configs/risk_policy.yml",
        description = "The new Noctus risk policy (default: ${DEFAULT-VALUE}).")
    Path policy;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why (journaled).")
    String reason;

    @Option(names = "--key", paramLabel = "FILE",
        description = "The operator's Ed25519 private key (NAME.key from `noctria keygen`); default: the file named by " +
            "NOCTRIA_OPERATOR_KEY. The control is signed with it and carries NAME as its operator.")
    Path key;

    @Option(names = "--operator", paramLabel = "NAME", description = "Who; optional, must match the key file's NAME.")
    String operator;

    @Override
    public Integer call() throws IOException
    {
        final OperatorKeyFile signer = OperatorKeyFile.resolve(key, operator);
        final String who = signer.operator();
        if (reason.isBlank())
        {
            throw new CommandFailure("--reason must not be blank", 2);
        }
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
            .submittedNs(nowNs())
            .operatorName(who);
        reload.putReason(reasonBytes, 0, reasonBytes.length);
        reload.putSource(source, 0, source.length);
        reload.putPolicy(yaml, 0, yaml.length);
        final int encoded = MessageHeaderEncoder.ENCODED_LENGTH + reload.encodedLength();
        ControlSignatures.sign(signer.key(), buffer, 0, encoded);
        final long index;
        try (Journal inbound = Journal.open(new DataDirectory(parent.dataDir).queue(DataDirectory.INBOUND),
            JournalConfig.defaults().withSharedWriters()))
        {
            index = inbound.append(buffer, 0, encoded);
        }
        spec.commandLine().getOut().println("policy reload requested by " + who + " (inbound index " + index + "): " +
            file + " sha256 " + parsed.policyHashHex() + ": " + reason);
        return 0;
    }

    private static long nowNs()
    {
        final java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
