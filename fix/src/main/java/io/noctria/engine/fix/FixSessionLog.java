package io.noctria.engine.fix;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import quickfix.Log;
import quickfix.LogFactory;
import quickfix.SessionID;

import java.util.function.Consumer;

/**
 * The FIX library's session log: session events (logon, logout, resend requests, sequence resets, disconnects) go to
 * the application log; error events (garbled messages, wrong CompIDs, sequence numbers too low, rejected messages)
 * are logged as warnings and handed to the error listener (the gateway counts them in the engine's counters file and
 * journals them: {@link FixGateway}, {@link FixLinkCounters}). Messages themselves are not logged: the engine's
 * journal and the venue's reports are the record.
 */
public final class FixSessionLog implements LogFactory
{
    private final Logger logger;
    private final Consumer<String> errorListener;

    /**
     * @param name          the logger name.
     * @param errorListener told the text of each session error event, on the FIX library's thread that logged it.
     */
    public FixSessionLog(final String name, final Consumer<String> errorListener)
    {
        this.logger = LoggerFactory.getLogger(name);
        this.errorListener = errorListener;
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
                logger.info("{}: {}", session, text);
            }

            @Override
            public void onErrorEvent(final String text)
            {
                logger.warn("{}: FIX session error: {}", session, text);
                errorListener.accept(text);
            }
        };
    }
}
