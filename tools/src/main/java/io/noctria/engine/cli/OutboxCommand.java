package io.noctria.engine.cli;

import io.noctria.codecs.Decimals;
import io.noctria.engine.outbox.OutboxLookup;
import io.noctria.engine.outbox.OutboxRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;

/**
 * {@code noctria outbox KEY…}: looks idempotency keys up in the engine's Chronicle Map outbox mirror
 * ({@code data/outbox/}), without a replay and while the engine runs. Exit 1 when a key is unknown.
 */
@Command(
    name = "outbox",
    mixinStandardHelpOptions = true,
    description = {
        "Look idempotency keys up in the outbox mirror kept by `noctria run` (data/outbox/outbox.dat).",
        "Prints each key's order, state, fills and attempts; exit code 1 when a key is unknown." })
final class OutboxCommand extends NoctriaSubcommand
{
    @Parameters(arity = "1..*", paramLabel = "KEY", description = "Idempotency keys: 64 lowercase hex characters each.")
    String[] keys;

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        int unknown = 0;
        try (OutboxLookup lookup = open())
        {
            for (final String key : keys)
            {
                if (!key.matches("[0-9a-f]{64}"))
                {
                    throw new CommandFailure("'" + key + "' is not an idempotency key (64 lowercase hex characters)", 2);
                }
                final OutboxRecord record = lookup.lookup(key);
                if (record == null)
                {
                    unknown++;
                    err.println("noctria outbox: unknown key " + key + " (mirror applied up to journal index " +
                        lookup.appliedIndex() + ")");
                    continue;
                }
                out.println(describe(record));
            }
        }
        return unknown > 0 ? 1 : 0;
    }

    static String describe(final OutboxRecord r)
    {
        return r.idempotencyKey() + " trace=" + r.traceId() + " " + r.symbol() + " " + r.side() + " " +
            Decimals.format(r.qty()) + "@" + Decimals.format(r.price()) + " " + r.orderType() + "/" + r.timeInForce() +
            " state=" + r.state() + " filled=" + Decimals.format(r.filledQty()) +
            (r.filledQty() > 0 ? " avg=" + Decimals.format(r.avgFillPrice()) : "") +
            " clOrdId=" + r.clOrdId() + " sends=" + r.sends() + " retries=" + r.retries() +
            " duplicatesSuppressed=" + r.duplicatesSuppressed() + " last=" + r.lastResponse() +
            " journalIndex=" + r.firstIndex();
    }

    private OutboxLookup open()
    {
        try
        {
            return OutboxLookup.open(parent.dataDir);
        }
        catch (final RuntimeException ex)
        {
            throw new CommandFailure("no outbox mirror in " + parent.dataDir + " (it is kept by `noctria run`, " +
                "not by demo runs): " + ex.getMessage());
        }
    }
}
