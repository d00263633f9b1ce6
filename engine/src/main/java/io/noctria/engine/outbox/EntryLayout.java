package io.noctria.engine.outbox;

import io.noctria.codecs.sbe.EngineOrderState;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The bytes of the outbox mirror's map file: a 32-byte key (the raw idempotency key) and a fixed 256-byte
 * value per key, plus one reserved meta entry holding the file's identity and the follower's checkpoint.
 * <p>
 * Fixed sizes keep Chronicle Map's entries in single chunks (no fragmentation, no resizing) and make the file
 * size a function of the capacity alone. Every number is little-endian at a fixed offset; the layout version
 * in the meta entry guards the offsets: a build that changes them must raise {@link #LAYOUT_VERSION}, and
 * a file of another version is refused by name rather than misread.
 * <p>
 * Codes stored on disk are explicit ({@link #stateCode}), never enum ordinals, so reordering an enum in
 * code cannot silently change what an existing file means.
 */
final class EntryLayout
{
    /** Bytes of a key: the raw HMAC-SHA256 idempotency key. */
    static final int KEY_SIZE = 32;
    /** Bytes of every value, entries and meta alike; room is left at the end of both for later fields. */
    static final int VALUE_SIZE = 256;
    /** Raised whenever an offset below changes meaning. */
    static final int LAYOUT_VERSION = 2;
    static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    /**
     * Key of the meta entry. An HMAC equal to it has probability 2^-256; the applier still refuses to treat
     * it as an order, so no journal can overwrite the meta entry.
     */
    static final byte[] META_KEY = "#noctria:outbox-mirror:meta#####".getBytes(StandardCharsets.US_ASCII);

    // ---- entry value ----
    static final int ENTRY_VERSION = 0;
    static final int STATE = 1;
    static final int SIDE = 2;
    static final int ORDER_TYPE = 3;
    static final int TIME_IN_FORCE = 4;
    /** Code of the last broker-side response: {@link io.noctria.engine.core.OutboxResponse#code()}, 0 for none. */
    static final int LAST_RESPONSE = 5;
    static final int QTY = 8;
    static final int PRICE = 16;
    static final int FIRST_INDEX = 24;
    static final int INPUT_INDEX = 32;
    static final int CREATED_NS = 40;
    static final int SENT_NS = 48;
    static final int FILLED_QTY = 56;
    /** Sum of fillQty * fillPrice as a signed 128-bit value (scale 10^12): the average is rounded once, on read. */
    static final int FILL_NOTIONAL_HIGH = 64;
    static final int FILL_NOTIONAL_LOW = 72;
    static final int BROKER_ORDER_ID = 80;
    static final int TERMINAL_INDEX = 88;
    /** Journal index of the last event applied to the entry: what makes re-applying an event a no-op. */
    static final int LAST_APPLIED_INDEX = 96;
    static final int SENDS = 104;
    static final int SEND_FAILURES = 108;
    static final int DUPLICATES_SUPPRESSED = 112;
    static final int SYMBOL = 120;
    static final int SYMBOL_LENGTH = 16;
    static final int TRACE_ID = 136;
    static final int TRACE_ID_LENGTH = 64;
    static final int CL_ORD_ID = 200;
    static final int CL_ORD_ID_LENGTH = 32;
    /**
     * Position, within the frame at {@link #LAST_APPLIED_INDEX}, of the last event applied (version 2: a frame holds
     * an input and all of its events under one journal index, so the index alone no longer orders events).
     */
    static final int LAST_APPLIED_ORDINAL = CL_ORD_ID + CL_ORD_ID_LENGTH;
    /** First byte not used by version 2 (236); the rest of the value is zero. */
    static final int ENTRY_END = LAST_APPLIED_ORDINAL + Integer.BYTES;

    // ---- meta value ----
    /** "NOCTOBXM" read as a little-endian long: not a Noctria mirror without it. */
    static final long MAGIC = 0x4D58424F54434F4EL;
    static final int META_MAGIC = 0;
    static final int META_LAYOUT_VERSION = 8;
    static final int META_VALUE_SIZE = 12;
    static final int META_CAPACITY = 16;
    /** Journal index of the last excerpt applied; -1 before the first. */
    static final int META_CHECKPOINT_INDEX = 24;
    /** Time (MessageTimes) and length of that excerpt: its fingerprint, checked against the journal on resume. */
    static final int META_CHECKPOINT_TIME = 32;
    static final int META_CHECKPOINT_LENGTH = 40;

    private EntryLayout()
    {
    }

    /** @return the on-disk code of a state: its stable SBE code ({@link EngineOrderState#value()}, 1..8, 12..14). */
    static byte stateCode(final EngineOrderState state)
    {
        return (byte)state.value();
    }

    /**
     * @return the state of an on-disk code, or null when the code is not one (a damaged entry, or code 9, the
     * FAILED of mirrors written before the one life cycle: rebuild them).
     */
    static EngineOrderState state(final byte code)
    {
        return code >= 1 && code <= 8 || code >= 12 && code <= 14 ? EngineOrderState.get(code) : null;
    }


    /** @return true when {@code key} is the reserved meta key. */
    static boolean isMetaKey(final byte[] key)
    {
        return Arrays.equals(key, META_KEY);
    }
}
