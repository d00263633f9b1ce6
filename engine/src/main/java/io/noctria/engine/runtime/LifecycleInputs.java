package io.noctria.engine.runtime;

import io.noctria.codecs.sbe.BooleanType;
import io.noctria.codecs.sbe.EngineStartedEncoder;
import io.noctria.codecs.sbe.EngineStoppedEncoder;
import io.noctria.codecs.sbe.MessageHeaderEncoder;
import io.noctria.codecs.sbe.OperatorKeyEncoder;
import io.noctria.codecs.sbe.PolicyReloadEncoder;
import io.noctria.codecs.sbe.StopReason;
import io.noctria.engine.config.ConfigException;
import io.noctria.engine.config.EngineConfig;
import io.noctria.engine.config.RiskPolicy;
import io.noctria.engine.core.EpochNanoClock;
import io.noctria.engine.core.ExecutionCore;
import io.noctria.engine.core.SnapshotPosition;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/**
 * The inputs the engine journals about itself, outside the pipeline: at start, EngineStarted, the operator roster
 * and the policy in force, each applied through the core right after its append (so recovery and replay see the
 * same inputs in the same order); at stop, EngineStopped with the final state hash. Called on the start-up and
 * stop threads, which hold the journal between the pipeline threads' turns.
 */
final class LifecycleInputs
{
    private static final Logger LOG = LoggerFactory.getLogger(LifecycleInputs.class);

    private final JournalingEventSink frames;
    private final ExecutionCore core;
    private final EpochNanoClock clock;

    /** @param frames journals each input with its events as one frame (the core's live sink). */
    LifecycleInputs(final JournalingEventSink frames, final ExecutionCore core, final EpochNanoClock clock)
    {
        this.frames = frames;
        this.core = core;
        this.clock = clock;
    }

    /**
     * Journals and applies the start-up inputs: EngineStarted (with the state hash recovery reached), the operator
     * roster, the policy in force (PolicyReload, then PolicyLoaded from the core).
     */
    void journalStart(final EngineContext context, final Recovery recovery, final long resumeInboundIndex,
        final byte[] recoveredStateDigest, final EngineConfig config, final RiskPolicy policy)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        final long nowNs = clock.nanoTime();
        final EngineStartedEncoder started = new EngineStartedEncoder().wrapAndApplyHeader(buffer, 0, header)
            .tsNs(nowNs)
            .resumeInboundIndex(resumeInboundIndex)
            .recoveredEvents(recovery.inputs() + recovery.events())
            .demo(context.demo() ? BooleanType.TRUE : BooleanType.FALSE)
            .version(Engine.VERSION)
            .putConfigHash(config.configHash(), 0, 32)
            .putPolicyHash(policy.policyHash(), 0, 32)
            .putStateHash(recoveredStateDigest, 0, 32);
        // EngineStarted is an input of the core: it opens reconciliation of the orders left in doubt, whose
        // ReconcileRequested events are journaled in its frame and become status queries on the ingress thread.
        frames.sequence(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + started.encodedLength(), core);

        journalRoster(context.operators(), nowNs);

        // The policy in force from here on is journaled as an input with its bytes, and applied through the
        // core like an operator's reload (PolicyLoaded follows): recovery and replay of this journal then use
        // the policy this run used, whatever file a later start is given.
        final byte[] yaml = policy.yaml();
        final byte[] source = policy.source().getBytes(StandardCharsets.UTF_8);
        final byte[] reason = "policy in force at start-up".getBytes(StandardCharsets.US_ASCII);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + PolicyReloadEncoder.BLOCK_LENGTH +
            3 * PolicyReloadEncoder.reasonHeaderLength() + reason.length + source.length + yaml.length;
        if (length > Engine.MAX_START_POLICY_INPUT)
        {
            throw new ConfigException(policy.source() + ": " + yaml.length + " bytes; the engine journals its policy " +
                "in one input of at most " + Engine.MAX_START_POLICY_INPUT + " bytes");
        }
        final UnsafeBuffer input = new UnsafeBuffer(new byte[length]);
        final PolicyReloadEncoder reload = new PolicyReloadEncoder().wrapAndApplyHeader(input, 0, header)
            .inboundIndex(-1)
            .ingressNs(nowNs)
            .submittedNs(nowNs)
            .operatorName("engine-start");
        reload.putReason(reason, 0, reason.length);
        reload.putSource(source, 0, source.length);
        reload.putPolicy(yaml, 0, yaml.length);
        frames.sequence(input, 0, MessageHeaderEncoder.ENCODED_LENGTH + reload.encodedLength(), core);
    }

    /**
     * Journals the roster of trusted operators as OperatorKey inputs (position 0 replaces the one in force;
     * none trusted: one entry of rosterSize 0) and runs them through the core, before anything is taken from
     * inbound: every later control is verified against this roster, by this run and by any replay of it.
     */
    private void journalRoster(final java.util.List<OperatorKeys.Operator> operators, final long nowNs)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        final OperatorKeyEncoder entry = new OperatorKeyEncoder();
        final int size = operators.size();
        LOG.info("operator controls: {} trusted operator(s) {}", size, operators);
        for (int position = 0; position < Math.max(1, size); position++)
        {
            entry.wrapAndApplyHeader(buffer, 0, header)
                .ingressNs(nowNs)
                .position(position)
                .rosterSize(size)
                .operatorName(0 == size ? "" : operators.get(position).name())
                .putPublicKey(0 == size ? new byte[32] : operators.get(position).publicKey(), 0, 32);
            frames.sequence(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + entry.encodedLength(), core);
        }
    }

    /** Journals EngineStopped with the final state hash; the business thread has ended (joined). */
    /** @param stopped receives the EngineStopped frame's index and fingerprint, for the snapshot of the stop. */
    void journalStopped(final StopReason reason, final long lastInboundIndex, final byte[] digest,
        final SnapshotPosition stopped)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final EngineStoppedEncoder stoppedEvent = new EngineStoppedEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .tsNs(clock.nanoTime())
            .lastInboundIndex(lastInboundIndex)
            .reason(reason)
            .putStateHash(digest, 0, 32);
        // The business thread has ended (joined): this thread is now the journal's and the counters' single writer
        // (Engine#stop handed it the journal).
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + stoppedEvent.encodedLength();
        final long index = frames.journalRecord(buffer, 0, length);
        stopped.frame(index, SnapshotAgent.checksum(buffer, 0, length), length, lastInboundIndex);
    }
}
