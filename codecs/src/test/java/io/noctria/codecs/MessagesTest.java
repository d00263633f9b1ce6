package io.noctria.codecs;

import org.junit.jupiter.api.Test;
import uk.co.real_logic.sbe.ir.Ir;
import uk.co.real_logic.sbe.ir.Signal;
import uk.co.real_logic.sbe.ir.Token;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@link Messages}'s tables against the schema itself: the ingress stamps {@code inboundIndex} and {@code ingressNs}
 * at the offsets they give, and recovery resumes after the {@code inboundIndex} they point at.
 */
class MessagesTest
{
    @Test
    void shouldPointAtEachInboundInputsOwnInboundIndexAndIngressNsFields() throws Exception
    {
        final Ir ir = MessageTimesTest.loadIr();
        final Set<String> inputs = new TreeSet<>();
        for (final int templateId : Messages.templateIds())
        {
            final List<Token> message = ir.getMessage(templateId);
            final String name = Messages.name(templateId);
            assertEquals(fieldOffset(message, "inboundIndex"), Messages.inboundIndexOffset(templateId), name);
            if (Messages.isInboundInput(templateId))
            {
                inputs.add(name);
                assertEquals(fieldOffset(message, "ingressNs"), Messages.ingressNsOffset(templateId), name);
            }
            else
            {
                assertEquals(-1, Messages.ingressNsOffset(templateId), name);
            }
        }
        assertEquals(Set.of("CancelAll", "CancelRequest", "Control", "OrderRequest", "PolicyReload", "ReplaceRequest"),
            inputs, "what the ingress takes from the inbound queue");
    }

    /** @return the field's offset in the message's block, or -1 when the message has no such field. */
    private static int fieldOffset(final List<Token> message, final String field)
    {
        for (final Token token : message)
        {
            if (token.signal() == Signal.BEGIN_FIELD && token.name().equals(field))
            {
                return token.offset();
            }
        }
        return -1;
    }
}
