package io.noctria.engine.core;

import io.noctria.codecs.Messages;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OutboxRulesTest
{
    @Test
    void shouldApplyTheBrokerReportsThatChangeAnEntryAndTheEnginesOwnDecisionsOnIt()
    {
        final Set<String> reports = new TreeSet<>();
        for (final int templateId : Messages.templateIds())
        {
            if (OutboxRules.isReport(templateId))
            {
                reports.add(Messages.name(templateId));
            }
        }
        assertEquals(new TreeSet<>(Set.of("BrokerAck", "Fill", "BrokerReject", "Expired", "Canceled", "SendFailed",
            "Replaced", "CancelReject", "DuplicateSuppressed", "OrderReconciled", "CancelSent", "ReplaceSent")),
            reports);
    }
}
