package io.noctria.codecs;

import io.noctria.codecs.sbe.*;

/**
 * Names of the schema's messages by template id: the vocabulary of {@code tail --type} and of the
 * {@code type} field in JSON output; and where a journaled input says which inbound excerpt it was.
 */
public final class Messages
{
    private Messages()
    {
    }

    /**
     * @return where the {@code inboundIndex} field stands in the body of a record taken from the inbound queue (order
     * requests, controls, policy reloads, the order actions, and the InputRejected journaled for an unreadable one),
     * or -1 for any other record: what recovery resumes after and what {@code status} measures the inbound lag from.
     */
    public static int inboundIndexOffset(final int templateId)
    {
        switch (templateId)
        {
            case OrderRequestDecoder.TEMPLATE_ID:
                return OrderRequestDecoder.inboundIndexEncodingOffset();
            case ControlDecoder.TEMPLATE_ID:
                return ControlDecoder.inboundIndexEncodingOffset();
            case PolicyReloadDecoder.TEMPLATE_ID:
                return PolicyReloadDecoder.inboundIndexEncodingOffset();
            case CancelRequestDecoder.TEMPLATE_ID:
                return CancelRequestDecoder.inboundIndexEncodingOffset();
            case ReplaceRequestDecoder.TEMPLATE_ID:
                return ReplaceRequestDecoder.inboundIndexEncodingOffset();
            case CancelAllDecoder.TEMPLATE_ID:
                return CancelAllDecoder.inboundIndexEncodingOffset();
            case InputRejectedDecoder.TEMPLATE_ID:
                return InputRejectedDecoder.inboundIndexEncodingOffset();
            default:
                return -1;
        }
    }

    /**
     * @return true for the records producers and operators append to the inbound queue (order requests, controls,
     * policy reloads, the order actions): what the engine's ingress takes; it refuses anything else found there.
     */
    public static boolean isInboundInput(final int templateId)
    {
        return templateId != InputRejectedDecoder.TEMPLATE_ID && inboundIndexOffset(templateId) >= 0;
    }

    /**
     * @return where the {@code ingressNs} field that the ingress stamps stands in the body of an inbound input
     * ({@link #isInboundInput}): right after {@code inboundIndex} in each of them; -1 for any other record.
     */
    public static int ingressNsOffset(final int templateId)
    {
        // One lookup, not isInboundInput's and then inboundIndexOffset's: the ingress asks this per input.
        final int inboundIndex = inboundIndexOffset(templateId);
        return inboundIndex < 0 || templateId == InputRejectedDecoder.TEMPLATE_ID ? -1 : inboundIndex + Long.BYTES;
    }

    /** @return the message name for a template id, or {@code "Unknown(<id>)"}. */
    public static String name(final int templateId)
    {
        switch (templateId)
        {
            case OrderRequestDecoder.TEMPLATE_ID: return "OrderRequest";
            case ControlDecoder.TEMPLATE_ID: return "Control";
            case PolicyReloadDecoder.TEMPLATE_ID: return "PolicyReload";
            case OperatorKeyDecoder.TEMPLATE_ID: return "OperatorKey";
            // Schema 3 replaced four events by ones that refer to their frame's input; the schema 2 layouts keep
            // their names, so `tail --type RiskDecision` finds both in a journal that holds both.
            case QualityDecisionDecoder.TEMPLATE_ID:
            case QualityDecisionV2Decoder.TEMPLATE_ID: return "QualityDecision";
            case RiskDecisionDecoder.TEMPLATE_ID:
            case RiskDecisionV2Decoder.TEMPLATE_ID: return "RiskDecision";
            case RequestKeyedDecoder.TEMPLATE_ID: return "RequestKeyed";
            case AlertDecoder.TEMPLATE_ID: return "Alert";
            case TradingPauseChangedDecoder.TEMPLATE_ID: return "TradingPauseChanged";
            case OutboxRecordedDecoder.TEMPLATE_ID:
            case OutboxRecordedV2Decoder.TEMPLATE_ID: return "OutboxRecorded";
            case DuplicateSuppressedDecoder.TEMPLATE_ID:
            case DuplicateSuppressedV2Decoder.TEMPLATE_ID: return "DuplicateSuppressed";
            case OrderSentDecoder.TEMPLATE_ID: return "OrderSent";
            case BrokerAckDecoder.TEMPLATE_ID: return "BrokerAck";
            case FillDecoder.TEMPLATE_ID: return "Fill";
            case BrokerRejectDecoder.TEMPLATE_ID: return "BrokerReject";
            case ExpiredDecoder.TEMPLATE_ID: return "Expired";
            case CanceledDecoder.TEMPLATE_ID: return "Canceled";
            case SendFailedDecoder.TEMPLATE_ID: return "SendFailed";
            case OrderStatusQueryDecoder.TEMPLATE_ID: return "OrderStatusQuery";
            case OrderStatusReportDecoder.TEMPLATE_ID: return "OrderStatusReport";
            case VenueOrderReceivedDecoder.TEMPLATE_ID: return "VenueOrderReceived";
            case ReconcileRequestedDecoder.TEMPLATE_ID: return "ReconcileRequested";
            case OrderReconciledDecoder.TEMPLATE_ID: return "OrderReconciled";
            case PolicyLoadedDecoder.TEMPLATE_ID: return "PolicyLoaded";
            case EngineStartedDecoder.TEMPLATE_ID: return "EngineStarted";
            case EngineStoppedDecoder.TEMPLATE_ID: return "EngineStopped";
            case InputRejectedDecoder.TEMPLATE_ID: return "InputRejected";
            case CancelRequestDecoder.TEMPLATE_ID: return "CancelRequest";
            case ReplaceRequestDecoder.TEMPLATE_ID: return "ReplaceRequest";
            case CancelAllDecoder.TEMPLATE_ID: return "CancelAll";
            case ActionRefusedDecoder.TEMPLATE_ID: return "ActionRefused";
            case CancelSentDecoder.TEMPLATE_ID: return "CancelSent";
            case ReplaceSentDecoder.TEMPLATE_ID: return "ReplaceSent";
            case ReplacedDecoder.TEMPLATE_ID: return "Replaced";
            case CancelRejectDecoder.TEMPLATE_ID: return "CancelReject";
            case VenueInputRefusedDecoder.TEMPLATE_ID: return "VenueInputRefused";
            default: return "Unknown(" + templateId + ")";
        }
    }

    /**
     * @return the message's own name in the schema (the prefix of its generated codecs): {@link #name}, with
     * {@code V2} after it for the schema-2 layouts that schema 3 replaced (e.g. {@code RiskDecisionV2}).
     */
    public static String schemaName(final int templateId)
    {
        return EventUpgrade.isSchema2Event(templateId) ? name(templateId) + "V2" : name(templateId);
    }

    /** @return the template id of a {@link #schemaName}, or -1. */
    public static int templateIdOfSchemaName(final String schemaName)
    {
        for (final int id : TEMPLATE_IDS)
        {
            if (schemaName(id).equals(schemaName))
            {
                return id;
            }
        }
        return -1;
    }

    /**
     * @return the template ids of a message name (case-sensitive, as in the schema): the current layout and any
     * older one still read (e.g. RiskDecision: 15, and 11 of schema 2 and earlier); empty when unknown.
     */
    public static int[] templateIds(final String name)
    {
        int count = 0;
        final int[] ids = new int[TEMPLATE_IDS.length];
        for (final int id : TEMPLATE_IDS)
        {
            if (name(id).equals(name))
            {
                ids[count++] = id;
            }
        }
        return java.util.Arrays.copyOf(ids, count);
    }

    /** Every template id {@link #name} names. */
    public static int[] templateIds()
    {
        return TEMPLATE_IDS.clone();
    }

    private static final int[] TEMPLATE_IDS = {
        OrderRequestDecoder.TEMPLATE_ID, ControlDecoder.TEMPLATE_ID, PolicyReloadDecoder.TEMPLATE_ID,
        QualityDecisionV2Decoder.TEMPLATE_ID, RiskDecisionV2Decoder.TEMPLATE_ID, AlertDecoder.TEMPLATE_ID,
        TradingPauseChangedDecoder.TEMPLATE_ID, QualityDecisionDecoder.TEMPLATE_ID, RiskDecisionDecoder.TEMPLATE_ID,
        RequestKeyedDecoder.TEMPLATE_ID, OutboxRecordedV2Decoder.TEMPLATE_ID, DuplicateSuppressedV2Decoder.TEMPLATE_ID,
        OutboxRecordedDecoder.TEMPLATE_ID, DuplicateSuppressedDecoder.TEMPLATE_ID, OrderSentDecoder.TEMPLATE_ID, BrokerAckDecoder.TEMPLATE_ID,
        FillDecoder.TEMPLATE_ID, BrokerRejectDecoder.TEMPLATE_ID, ExpiredDecoder.TEMPLATE_ID,
        CanceledDecoder.TEMPLATE_ID, SendFailedDecoder.TEMPLATE_ID, OrderStatusQueryDecoder.TEMPLATE_ID,
        OrderStatusReportDecoder.TEMPLATE_ID, VenueOrderReceivedDecoder.TEMPLATE_ID, PolicyLoadedDecoder.TEMPLATE_ID,
        EngineStartedDecoder.TEMPLATE_ID, EngineStoppedDecoder.TEMPLATE_ID, InputRejectedDecoder.TEMPLATE_ID,
        ReconcileRequestedDecoder.TEMPLATE_ID, OrderReconciledDecoder.TEMPLATE_ID, OperatorKeyDecoder.TEMPLATE_ID,
        CancelRequestDecoder.TEMPLATE_ID, ReplaceRequestDecoder.TEMPLATE_ID, CancelAllDecoder.TEMPLATE_ID,
        ActionRefusedDecoder.TEMPLATE_ID, CancelSentDecoder.TEMPLATE_ID, ReplaceSentDecoder.TEMPLATE_ID,
        ReplacedDecoder.TEMPLATE_ID, CancelRejectDecoder.TEMPLATE_ID, VenueInputRefusedDecoder.TEMPLATE_ID };
}
