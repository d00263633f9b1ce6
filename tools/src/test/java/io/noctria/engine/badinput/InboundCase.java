package io.noctria.engine.badinput;

import io.noctria.codecs.sbe.InputRejectReason;
import io.noctria.codecs.sbe.RiskRule;

/**
 * One bad excerpt appended straight into {@code data/inbound}, and the one outcome the engine must journal for it.
 *
 * @param name     unique, readable name.
 * @param bytes    the excerpt.
 * @param reason   the InputRejected reason, or null when the documented outcome is a risk reject.
 * @param rule     the RiskDecision REJECT rule when {@code reason} is null.
 * @param fragment text the InputRejected detail (or the rule's alert) must contain.
 */
public record InboundCase(String name, byte[] bytes, InputRejectReason reason, RiskRule rule, String fragment)
{
    /**
     * @return true when the ingress agent refuses the excerpt before the business logic sees it (it cannot be
     * read as an input), so no input is journaled for it; false when the core refuses a readable input.
     */
    public boolean refusedAtIngress()
    {
        if (reason == null)
        {
            return false;
        }
        switch (reason)
        {
            case TRUNCATED:
            case UNKNOWN_SCHEMA:
            case UNKNOWN_TEMPLATE:
            case UNSUPPORTED_VERSION:
            case MALFORMED:
                return true;
            default:
                return false;
        }
    }

    @Override
    public String toString()
    {
        return name;
    }
}
