package io.noctria.engine.fix.venue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * The engine's first message on a new connection, read before the session exists: an acceptor takes HeartBtInt (108)
 * and ResetSeqNumFlag (141) from the initiator's Logon, so the venue reads it raw, then builds the session over
 * {@link #thenSocket}, which hands Philadelphia the same bytes again before the socket's.
 */
final class PendingLogon
{
    private static final int CAPACITY = 4096;

    private final ByteBuffer bytes = ByteBuffer.allocate(CAPACITY);
    private final long deadlineMs;

    /** @param deadlineMs the venue-clock millisecond after which an incomplete Logon is refused. */
    PendingLogon(final long deadlineMs)
    {
        this.deadlineMs = deadlineMs;
    }

    /** @return bytes read from the socket, or -1 at its end. */
    int read(final SocketChannel socket) throws IOException
    {
        return socket.read(bytes);
    }

    /** @return the first complete FIX message read so far, or null. */
    String message()
    {
        final int end = messageEnd(bytes);
        return end < 0 ? null : new String(bytes.array(), 0, end, StandardCharsets.US_ASCII);
    }

    /** @return true when no complete message can come any more: the buffer is full or the deadline passed. */
    boolean hopeless(final long nowMs)
    {
        return !bytes.hasRemaining() || nowMs > deadlineMs;
    }

    /** @return bytes read so far. */
    int length()
    {
        return bytes.position();
    }

    /** @return a channel that reads the bytes read so far, then the socket. */
    ReadableByteChannel thenSocket(final SocketChannel socket)
    {
        bytes.flip();
        return new ReplayedChannel(bytes, socket);
    }

    /** @return the end (exclusive) of the first complete FIX message in the buffer's written bytes, or -1. */
    static int messageEnd(final ByteBuffer bytes)
    {
        final byte[] array = bytes.array();
        final int limit = bytes.position();
        for (int i = 0; i + 4 < limit; i++)
        {
            if (array[i] == 1 && array[i + 1] == '1' && array[i + 2] == '0' && array[i + 3] == '=')
            {
                for (int j = i + 4; j < limit; j++)
                {
                    if (array[j] == 1)
                    {
                        return j + 1;
                    }
                }
                return -1;
            }
        }
        return -1;
    }

    /** @return the value of {@code tag} in a raw FIX message, or null. */
    static String field(final String message, final int tag)
    {
        final String key = "\u0001" + tag + "=";
        final int at = ("\u0001" + message).indexOf(key);
        if (at < 0)
        {
            return null;
        }
        final int start = at + key.length() - 1;
        final int end = message.indexOf('\u0001', start);
        return message.substring(start, end < 0 ? message.length() : end);
    }

    /** The Logon bytes read before the connection was built, then the socket. */
    private static final class ReplayedChannel implements ReadableByteChannel
    {
        private final ByteBuffer replay;
        private final SocketChannel socket;

        ReplayedChannel(final ByteBuffer replay, final SocketChannel socket)
        {
            this.replay = replay;
            this.socket = socket;
        }

        @Override
        public int read(final ByteBuffer dst) throws IOException
        {
            if (!replay.hasRemaining())
            {
                return socket.read(dst);
            }
            final int n = Math.min(dst.remaining(), replay.remaining());
            final ByteBuffer slice = replay.slice();
            slice.limit(n);
            dst.put(slice);
            replay.position(replay.position() + n);
            return n;
        }

        @Override
        public boolean isOpen()
        {
            return socket.isOpen();
        }

        @Override
        public void close() throws IOException
        {
            socket.close();
        }
    }
}
