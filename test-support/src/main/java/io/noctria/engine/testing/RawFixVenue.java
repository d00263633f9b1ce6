package io.noctria.engine.testing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The venue's side of one FIX 4.4 session (CompIDs VENUE to NOCTRIA), written by hand for tests of the engine's FIX
 * gateway against input no FIX engine would send: raw tag=value with its own BodyLength and CheckSum. A reader thread
 * answers TestRequests and ResendRequests (a SequenceReset in reset mode: it keeps no messages) and queues everything
 * else; writes number the messages from 1.
 */
public final class RawFixVenue implements AutoCloseable
{
    private static final char SOH = '\u0001';
    private static final DateTimeFormatter SENDING_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HH:mm:ss.SSS");

    private final Socket socket;
    private final OutputStream out;
    private final BlockingQueue<Map<Integer, String>> received = new LinkedBlockingQueue<>();
    private final Thread reader;
    private int nextSeqNum = 1;
    private final long timeoutS;
    private volatile IOException readFailure;

    public RawFixVenue(final Socket socket, final long timeoutS) throws IOException
    {
        this.socket = socket;
        this.timeoutS = timeoutS;
        this.out = socket.getOutputStream();
        final InputStream in = new BufferedInputStream(socket.getInputStream());
        this.reader = new Thread(() -> read(in), "raw-fix-venue");
        reader.setDaemon(true);
        reader.start();
    }

    public void logon() throws Exception
    {
        final Map<Integer, String> logon = next("A");
        send("A", "98=0" + SOH + "108=" + logon.get(108) + SOH);
    }

    /** @return the ClOrdID of the next NewOrderSingle. */
    public String nextOrder() throws Exception
    {
        return next("D").get(11);
    }

    public void report(final String clOrdId, final char execType, final char ordStatus, final long lastQty,
        final String lastPx, final long cumQty, final long leavesQty, final String execId) throws IOException
    {
        final StringBuilder body = new StringBuilder()
            .append("37=").append(Math.abs(clOrdId.hashCode())).append(SOH)
            .append("11=").append(clOrdId).append(SOH)
            .append("17=").append(execId).append(SOH)
            .append("150=").append(execType).append(SOH)
            .append("39=").append(ordStatus).append(SOH)
            .append("55=USDJPY").append(SOH).append("54=1").append(SOH)
            .append("151=").append(leavesQty).append(SOH)
            .append("14=").append(cumQty).append(SOH)
            .append("6=").append(null == lastPx ? "0" : lastPx).append(SOH)
            .append("60=").append(now()).append(SOH);
        if (null != lastPx)
        {
            body.append("32=").append(lastQty).append(SOH).append("31=").append(lastPx).append(SOH);
        }
        send("8", body.toString());
    }

    /** A Heartbeat whose CheckSum is wrong: the session layer drops it; its MsgSeqNum is used again next. */
    public synchronized void garbled() throws IOException
    {
        final String message = frame("0", nextSeqNum, "");
        final int sum = Integer.parseInt(message.substring(message.length() - 4, message.length() - 1));
        out.write((message.substring(0, message.length() - 4) + String.format("%03d", (sum + 1) % 256) + SOH)
            .getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    public synchronized void send(final String msgType, final String body) throws IOException
    {
        out.write(frame(msgType, nextSeqNum++, body).getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /**
     * Writes one message as given, numbered {@code seqNum} from {@code senderCompId}, without advancing the venue's
     * numbering: for a wrong CompID or a MsgSeqNum too low.
     */
    public synchronized void sendRaw(final String senderCompId, final int seqNum, final String msgType,
        final String body) throws IOException
    {
        out.write(frame(senderCompId, msgType, seqNum, body).getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** @return the MsgSeqNum the venue's next message takes. */
    public synchronized int nextSeqNum()
    {
        return nextSeqNum;
    }

    private static String frame(final String msgType, final int seqNum, final String body)
    {
        return frame("VENUE", msgType, seqNum, body);
    }

    private static String frame(final String senderCompId, final String msgType, final int seqNum, final String body)
    {
        final String content = "35=" + msgType + SOH + "49=" + senderCompId + SOH + "56=NOCTRIA" + SOH + "34=" + seqNum + SOH +
            "52=" + now() + SOH + body;
        final String message = "8=FIX.4.4" + SOH + "9=" + content.length() + SOH + content;
        int sum = 0;
        for (int i = 0; i < message.length(); i++)
        {
            sum += message.charAt(i);
        }
        return message + "10=" + String.format("%03d", sum % 256) + SOH;
    }

    private static String now()
    {
        return SENDING_TIME.format(ZonedDateTime.now(ZoneOffset.UTC));
    }

    /** @return the next message of {@code msgType} from the engine (session messages in between are answered). */
    public Map<Integer, String> next(final String msgType) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutS);
        while (System.nanoTime() < deadline)
        {
            final Map<Integer, String> message = received.poll(100, TimeUnit.MILLISECONDS);
            if (null != message && msgType.equals(message.get(35)))
            {
                return message;
            }
            if (null != message && "5".equals(message.get(35)) && !"5".equals(msgType))
            {
                fail("the engine logged out: " + message);
            }
            if (null != readFailure)
            {
                throw new AssertionError("the engine's connection ended waiting for MsgType " + msgType, readFailure);
            }
        }
        throw new AssertionError("no MsgType " + msgType + " from the engine in " + timeoutS + " s");
    }

    private void read(final InputStream in)
    {
        try
        {
            Map<Integer, String> message = new HashMap<>();
            final StringBuilder field = new StringBuilder();
            for (int b = in.read(); b >= 0; b = in.read())
            {
                if (b != SOH)
                {
                    field.append((char)b);
                    continue;
                }
                final int eq = field.indexOf("=");
                message.putIfAbsent(Integer.parseInt(field.substring(0, eq)), field.substring(eq + 1));
                final boolean end = field.indexOf("10=") == 0;
                field.setLength(0);
                if (end)
                {
                    answer(message);
                    message = new HashMap<>();
                }
            }
            readFailure = new IOException("end of stream");
        }
        catch (final IOException ex)
        {
            readFailure = ex;
        }
    }

    private void answer(final Map<Integer, String> message) throws IOException
    {
        final String type = message.get(35);
        if ("1".equals(type))
        {
            send("0", "112=" + message.get(112) + SOH);
        }
        else if ("2".equals(type))
        {
            // No store: a SequenceReset in reset mode (taken whatever its MsgSeqNum) to the next number, as
            // fix-venue answers.
            synchronized (this)
            {
                out.write(frame("4", nextSeqNum, "123=N" + SOH + "36=" + nextSeqNum + SOH)
                    .getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        }
        else if (!"0".equals(type))
        {
            received.add(message);
        }
    }

    @Override
    public void close() throws Exception
    {
        socket.close();
        reader.join(TimeUnit.SECONDS.toMillis(5));
    }
}
