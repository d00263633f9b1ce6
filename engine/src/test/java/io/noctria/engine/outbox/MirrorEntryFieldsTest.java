package io.noctria.engine.outbox;

import io.noctria.codecs.sbe.OrderType;
import io.noctria.codecs.sbe.Side;
import io.noctria.codecs.sbe.TimeInForce;
import io.noctria.engine.core.OutboxField;
import io.noctria.engine.core.OutboxResponse;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class MirrorEntryFieldsTest
{
    @Test
    void shouldKeepEveryRuleFieldApartInTheValueAndReadItBackAsTheRecord()
    {
        final byte[] bytes = new byte[EntryLayout.VALUE_SIZE];
        final UnsafeBuffer value = new UnsafeBuffer(bytes);
        value.putByte(EntryLayout.ENTRY_VERSION, (byte)EntryLayout.LAYOUT_VERSION);
        value.putByte(EntryLayout.SIDE, (byte)Side.BUY.value());
        value.putByte(EntryLayout.ORDER_TYPE, (byte)OrderType.LIMIT.value());
        value.putByte(EntryLayout.TIME_IN_FORCE, (byte)TimeInForce.DAY.value());
        final MirrorEntryFields fields = new MirrorEntryFields().wrap(value);
        // A distinct value per field, each fitting its width: a field written over another's bytes changes it.
        for (final OutboxField field : OutboxField.values())
        {
            fields.set(field, sample(field));
        }
        for (final OutboxField field : OutboxField.values())
        {
            assertEquals(sample(field), fields.get(field), field.name());
        }
        final OutboxRecord record = OutboxRecord.decode(new byte[EntryLayout.KEY_SIZE], bytes, Path.of("outbox.dat"));
        assertEquals(sample(OutboxField.STATE), record.state().value());
        assertEquals(OutboxResponse.FILL.messageName(), record.lastResponse());
        assertEquals(sample(OutboxField.QTY), record.qty());
        assertEquals(sample(OutboxField.FILLED_QTY), record.filledQty());
        assertEquals(sample(OutboxField.SENT_NS), record.sentNs());
        assertEquals(sample(OutboxField.BROKER_ORDER_ID), record.brokerOrderId());
        assertEquals(sample(OutboxField.TERMINAL_INDEX), record.terminalIndex());
        assertEquals(sample(OutboxField.SENDS), record.sends());
        assertEquals(sample(OutboxField.SEND_FAILURES), record.sendFailures());
        assertEquals(sample(OutboxField.DUPLICATES_SUPPRESSED), record.duplicatesSuppressed());
        assertEquals(sample(OutboxField.LAST_RESPONSE), value.getByte(EntryLayout.LAST_RESPONSE));
        assertEquals(sample(OutboxField.FILL_NOTIONAL_LOW), value.getLong(EntryLayout.FILL_NOTIONAL_LOW, EntryLayout.ORDER));
        assertEquals(Side.BUY, record.side(), "the table leaves the order's own fields alone");
    }

    @Test
    void shouldKeepTheResponseCodesThatVersionOneFilesHold()
    {
        final String[] byCode = {null, "BrokerAck", "Fill", "BrokerReject", "Expired", "Canceled", "SendFailed",
            "OrderReconciled", "Replaced", "CancelReject", null};
        for (int code = 0; code < byCode.length; code++)
        {
            assertEquals(byCode[code], OutboxResponse.messageNameOf((byte)code), "code " + code);
        }
        assertNull(OutboxResponse.messageNameOf((byte)-1));
    }

    private static long sample(final OutboxField field)
    {
        switch (field)
        {
            case STATE: return 4;
            case LAST_RESPONSE: return OutboxResponse.FILL.code();
            case SENDS:
            case SEND_FAILURES:
            case DUPLICATES_SUPPRESSED:
                return 100 + field.ordinal();
            default:
                return 0x0102030405060708L * (field.ordinal() + 1);
        }
    }
}
