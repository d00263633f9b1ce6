package io.noctria.engine.fix;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import quickfix.Application;
import quickfix.Message;
import quickfix.SessionID;

/**
 * The FIX library's callbacks the gateway leaves to the session layer: administrative
 * messages pass through untouched, logon and logout are logged. Subclasses take the application messages
 * ({@link #fromApp}).
 */
public abstract class FixApplication implements Application
{
    private final Logger log = LoggerFactory.getLogger(getClass());

    @Override
    public void onCreate(final SessionID id)
    {
    }

    @Override
    public void onLogon(final SessionID id)
    {
        log.info("FIX logon {}", id);
    }

    @Override
    public void onLogout(final SessionID id)
    {
        log.info("FIX logout {}", id);
    }

    @Override
    public void toAdmin(final Message message, final SessionID id)
    {
    }

    @Override
    public void fromAdmin(final Message message, final SessionID id)
    {
    }

    @Override
    public void toApp(final Message message, final SessionID id)
    {
    }
}
