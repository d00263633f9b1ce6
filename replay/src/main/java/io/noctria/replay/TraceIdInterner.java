package io.noctria.replay;

import io.noctria.codecs.MessageFields;
import org.agrona.DirectBuffer;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns the NUL-padded traceId bytes of a message into one shared {@code String} per distinct trace, so a
 * timeline of millions of events holds one string per trace and a lookup allocates nothing.
 */
final class TraceIdInterner
{
    private final Map<Key, String> strings = new HashMap<>();
    private final Key probe = new Key();

    /** @return the trace id at {@code buffer[index, index + 64)}, or null when the field is empty. */
    String intern(final DirectBuffer buffer, final int index)
    {
        final int length = MessageFields.asciiLength(buffer, index, MessageFields.TRACE_ID_LENGTH);
        if (length == 0)
        {
            return null;
        }
        probe.set(buffer, index, length);
        String traceId = strings.get(probe);
        if (traceId == null)
        {
            traceId = MessageFields.ascii(buffer, index, length);
            strings.put(probe.copy(), traceId);
        }
        return traceId;
    }

    private static final class Key
    {
        private final byte[] bytes = new byte[MessageFields.TRACE_ID_LENGTH];
        private int length;
        private int hash;

        void set(final DirectBuffer buffer, final int index, final int length)
        {
            buffer.getBytes(index, bytes, 0, length);
            this.length = length;
            int h = 1;
            for (int i = 0; i < length; i++)
            {
                h = 31 * h + bytes[i];
            }
            hash = h;
        }

        Key copy()
        {
            final Key copy = new Key();
            System.arraycopy(bytes, 0, copy.bytes, 0, length);
            copy.length = length;
            copy.hash = hash;
            return copy;
        }

        @Override
        public boolean equals(final Object other)
        {
            if (!(other instanceof Key))
            {
                return false;
            }
            final Key that = (Key)other;
            return length == that.length && Arrays.equals(bytes, 0, length, that.bytes, 0, length);
        }

        @Override
        public int hashCode()
        {
            return hash;
        }
    }
}
