package io.noctria.engine.cli;

import io.noctria.codecs.RecordError;
import io.noctria.codecs.sbe.AlertCode;
import io.noctria.codecs.sbe.AlertDecoder;
import io.noctria.codecs.sbe.InputRejectedDecoder;
import io.noctria.codecs.sbe.MessageHeaderDecoder;
import io.noctria.codecs.sbe.OrderReconciledDecoder;
import io.noctria.codecs.sbe.ReconcileRequestedDecoder;
import io.noctria.codecs.sbe.Severity;
import io.noctria.journal.JournalConsumer;
import org.agrona.DirectBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Logs the journal's events that concern one trace and an operator should see as they happen — alerts, inputs
 * refused before any gate, reconciliation questions and outcomes — each with its {@code trace_id} in the MDC (the
 * JSON logs' {@code mdc} object) and in the text. Fed on the metrics thread, which follows the journal anyway: the
 * business thread never logs. Only events stamped at or after {@code sinceNs} are logged, so a restart does not
 * log the journal's history again. One thread.
 */
final class JournalEventLog implements JournalConsumer
{
    /** The MDC key of the trace id, as the platform's tables name the column. */
    static final String TRACE_ID = "trace_id";

    private static final Logger LOG = LoggerFactory.getLogger(JournalEventLog.class);

    private final long sinceNs;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final AlertDecoder alert = new AlertDecoder();
    private final InputRejectedDecoder rejected = new InputRejectedDecoder();
    private final ReconcileRequestedDecoder asked = new ReconcileRequestedDecoder();
    private final OrderReconciledDecoder reconciled = new OrderReconciledDecoder();

    /** @param sinceNs epoch nanoseconds: events stamped earlier (a previous run's) are not logged. */
    JournalEventLog(final long sinceNs)
    {
        this.sinceNs = sinceNs;
    }

    @Override
    public void onMessage(final long index, final DirectBuffer buffer, final int offset, final int length)
    {
        header.wrap(buffer, offset);
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        // Every event of the schema leads with tsNs.
        switch (header.templateId())
        {
            case AlertDecoder.TEMPLATE_ID:
                if (recent(buffer, body))
                {
                    alert.wrap(buffer, body, header.blockLength(), header.version());
                    final String trace = trace(alert.traceId());
                    final String code = codeName(alert.codeRaw());
                    final Severity severity = alert.severity();
                    final String message = alert.message();
                    if (severity == Severity.CRITICAL)
                    {
                        LOG.error("alert {} {}{}: {}", severity, code, traced(trace), message);
                    }
                    else if (severity == Severity.WARNING)
                    {
                        LOG.warn("alert {} {}{}: {}", severity, code, traced(trace), message);
                    }
                    else
                    {
                        LOG.info("alert {} {}{}: {}", severity, code, traced(trace), message);
                    }
                }
                break;
            case InputRejectedDecoder.TEMPLATE_ID:
                if (recent(buffer, body))
                {
                    rejected.wrap(buffer, body, header.blockLength(), header.version());
                    final String trace = trace(rejected.traceId());
                    LOG.warn("input refused at inbound index {}{}: {}: {}", rejected.inboundIndex(), traced(trace),
                        rejected.reason(), rejected.detail());
                }
                break;
            case ReconcileRequestedDecoder.TEMPLATE_ID:
                if (recent(buffer, body))
                {
                    asked.wrap(buffer, body, header.blockLength(), header.version());
                    final String trace = trace(asked.traceId());
                    LOG.info("reconciling {}{}: engine state {}, filled {}, attempt {}; asking the venue (query {})",
                        asked.clOrdId().trim(), traced(trace), asked.engineState(), asked.cumQty(), asked.attempt(),
                        asked.queryId());
                }
                break;
            case OrderReconciledDecoder.TEMPLATE_ID:
                if (recent(buffer, body))
                {
                    reconciled.wrap(buffer, body, header.blockLength(), header.version());
                    final String trace = trace(reconciled.traceId());
                    LOG.info("reconciled {}{}: {}, venue {}, engine {}, filled {} (query {})",
                        reconciled.clOrdId().trim(), traced(trace), reconciled.outcome(), reconciled.venueState(),
                        reconciled.engineState(), reconciled.cumQty(), reconciled.queryId());
                }
                break;
            default:
                break;
        }
        MDC.remove(TRACE_ID);
    }

    /** Nothing to say about an unreadable excerpt here: the fold's owners count it. */
    @Override
    public void onInvalid(final long index, final RecordError error, final String detail)
    {
    }

    /** @return the alert code's name, or its number when this schema does not know it (a newer engine's). */
    private static String codeName(final int raw)
    {
        for (final AlertCode code : AlertCode.values())
        {
            if (code.value() == raw && code != AlertCode.NULL_VAL)
            {
                return code.name();
            }
        }
        return "code " + raw;
    }

    private boolean recent(final DirectBuffer buffer, final int body)
    {
        return buffer.getLong(body, MessageHeaderDecoder.BYTE_ORDER) >= sinceNs;
    }

    /** Puts the trace id in the MDC (the caller removes it after its log line); empty when there is none. */
    private static String trace(final String field)
    {
        final String trace = field.trim();
        if (!trace.isEmpty())
        {
            MDC.put(TRACE_ID, trace);
        }
        return trace;
    }

    private static String traced(final String trace)
    {
        return trace.isEmpty() ? "" : " (trace " + trace + ")";
    }
}
