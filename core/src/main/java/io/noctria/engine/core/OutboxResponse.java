package io.noctria.engine.core;

/**
 * The latest broker-side report an outbox entry took ({@link OutboxOrder#lastResponse()}), with the stable code the
 * outbox mirror stores on disk. The codes are explicit, never ordinals, so reordering the constants cannot change
 * what an existing mirror file means; a new response takes a new code.
 */
public enum OutboxResponse
{
    BROKER_ACK(1, "BrokerAck"),
    FILL(2, "Fill"),
    BROKER_REJECT(3, "BrokerReject"),
    EXPIRED(4, "Expired"),
    CANCELED(5, "Canceled"),
    SEND_FAILED(6, "SendFailed"),
    ORDER_RECONCILED(7, "OrderReconciled"),
    REPLACED(8, "Replaced"),
    CANCEL_REJECT(9, "CancelReject");

    /** The code of "no response yet". */
    public static final byte NONE_CODE = 0;

    private static final OutboxResponse[] VALUES = values();

    private final byte code;
    private final String messageName;

    OutboxResponse(final int code, final String messageName)
    {
        this.code = (byte)code;
        this.messageName = messageName;
    }

    /** @return the stable code (1..7; {@link #NONE_CODE} stands for none). */
    public byte code()
    {
        return code;
    }

    /** @return the journal message's name, as the reports show it. */
    public String messageName()
    {
        return messageName;
    }

    /** @return the message name of a code, or null for {@link #NONE_CODE} or a code that is none of these. */
    public static String messageNameOf(final byte code)
    {
        for (final OutboxResponse response : VALUES)
        {
            if (response.code == code)
            {
                return response.messageName;
            }
        }
        return null;
    }
}
