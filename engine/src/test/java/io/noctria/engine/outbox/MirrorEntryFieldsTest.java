package io.noctria.engine.outbox;

import io.noctria.codecs.sbe.OrderType;
import io.noctria.codecs.sbe.Side;
import io.noctria.codecs.sbe.TimeInForce;
import io.noctria.replay.OutboxFields;
import io.noctria.replay.OutboxResponse;
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
        for (int field = 0; field < OutboxFields.COUNT; field++)
        {
            fields.set(field, sample(field));
        }
        for (int field = 0; field < OutboxFields.COUNT; field++)
        {
            assertEquals(sample(field), fields.get(field), "field " + field);
        }
        final OutboxRecord record = OutboxRecord.decode(new byte[EntryLayout.KEY_SIZE], bytes, Path.of("outbox.dat"));
        assertEquals(sample(OutboxFields.STATE), record.state().value());
        assertEquals(OutboxResponse.FILL.messageName(), record.lastResponse());
        assertEquals(sample(OutboxFields.QTY), record.qty());
        assertEquals(sample(OutboxFields.FILLED_QTY), record.filledQty());
        assertEquals(sample(OutboxFields.SENT_NS), record.sentNs());
        assertEquals(sample(OutboxFields.BROKER_ORDER_ID), record.brokerOrderId());
        assertEquals(sample(OutboxFields.TERMINAL_INDEX), record.terminalIndex());
        assertEquals(sample(OutboxFields.SENDS), record.sends());
        assertEquals(sample(OutboxFields.SEND_FAILURES), record.sendFailures());
        assertEquals(sample(OutboxFields.DUPLICATES_SUPPRESSED), record.duplicatesSuppressed());
        assertEquals(sample(OutboxFields.LAST_RESPONSE), value.getByte(EntryLayout.LAST_RESPONSE));
        assertEquals(sample(OutboxFields.FILL_NOTIONAL_LOW), value.getLong(EntryLayout.FILL_NOTIONAL_LOW, EntryLayout.ORDER));
        assertEquals(Side.BUY, record.side(), "the table leaves the order's own fields alone");
    }

    @Test
    void shouldKeepTheResponseCodesThatVersionOneFilesHold()
    {
        final String[] byCode = {null, "BrokerAck", "Fill", "BrokerReject", "Expired", "Canceled", "SendFailed",
            "OrderReconciled", null};
        for (int code = 0; code < byCode.length; code++)
        {
            assertEquals(byCode[code], OutboxResponse.messageNameOf((byte)code), "code " + code);
        }
        assertNull(OutboxResponse.messageNameOf((byte)-1));
    }

    private static long sample(final int field)
    {
        switch (field)
        {
            case OutboxFields.STATE: return 4;
            case OutboxFields.LAST_RESPONSE: return OutboxResponse.FILL.code();
            case OutboxFields.SENDS:
            case OutboxFields.SEND_FAILURES:
            case OutboxFields.DUPLICATES_SUPPRESSED:
                return 100 + field;
            default:
                return 0x0102030405060708L * (field + 1);
        }
    }
}
