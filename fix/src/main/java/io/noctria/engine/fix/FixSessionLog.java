package io.noctria.engine.fix;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import quickfix.Log;
import quickfix.LogFactory;
import quickfix.SessionID;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The FIX library's session log: session events (logon, logout, resend requests, sequence resets, disconnects) go to
 * the application log; error events (garbled messages, wrong CompIDs, sequence numbers too low, rejected messages)
 * are logged as warnings and counted, so a test or an operator can read how many there were, and handed to the
 * error listener (the gateway journals them: {@link FixGateway}). Messages themselves are not logged: the engine's
 * journal and the venue's reports are the record.
 */
public final class FixSessionLog implements LogFactory
{
    private final Logger logger;
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong events = new AtomicLong();
    private final Consumer<String> errorListener;

    /** @param name the logger name (the side: gateway or venue). */
    public FixSessionLog(final String name)
    {
        this(name, text -> { });
    }

    /**
     * @param name          the logger name.
     * @param errorListener told the text of each session error event, on the FIX library's thread that logged it.
     */
    public FixSessionLog(final String name, final Consumer<String> errorListener)
    {
        this.logger = LoggerFactory.getLogger(name);
        this.errorListener = errorListener;
    }

    /** @return session error events so far (garbled or rejected messages, wrong CompIDs, sequence problems). */
    public long errors()
    {
        return errors.get();
    }

    /** @return session events so far. */
    public long events()
    {
        return events.get();
    }

    @Override
    public Log create(final SessionID sessionID)
    {
        final String session = sessionID.toString();
        return new Log()
        {
            @Override
            public void clear()
            {
            }

            @Override
            public void onIncoming(final String message)
            {
            }

            @Override
            public void onOutgoing(final String message)
            {
            }

            @Override
            public void onEvent(final String text)
            {
                events.incrementAndGet();
                logger.info("{}: {}", session, text);
            }

            @Override
            public void onErrorEvent(final String text)
            {
                errors.incrementAndGet();
                logger.warn("{}: FIX session error: {}", session, text);
                errorListener.accept(text);
            }
        };
    }
}
