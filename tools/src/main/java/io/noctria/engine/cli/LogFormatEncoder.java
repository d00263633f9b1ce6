package io.noctria.engine.cli;

import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;

/**
 * The log encoder of the {@code noctria} command (logback.xml): the human pattern by default, Logback's
 * {@link JsonEncoder} (one object per line, with the formatted message) when {@code NOCTRIA_LOG_FORMAT=JSON} is in
 * the environment or {@code -Dnoctria.log.format=JSON} is set. One appender chooses its encoder at start-up, so
 * the configuration names no appender it does not use (Logback would print a warning on stdout, which carries data).
 */
public final class LogFormatEncoder extends EncoderBase<ILoggingEvent>
{
    private String pattern = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{24} - %msg%n";
    private Encoder<ILoggingEvent> delegate;

    /** @param pattern the text format's pattern (logback.xml's {@code <pattern>}). */
    public void setPattern(final String pattern)
    {
        this.pattern = pattern;
    }

    @Override
    public void start()
    {
        final String env = System.getenv("NOCTRIA_LOG_FORMAT");
        final String format = System.getProperty("noctria.log.format", env == null ? "TEXT" : env);
        if ("JSON".equalsIgnoreCase(format.trim()))
        {
            final JsonEncoder json = new JsonEncoder();
            json.setWithFormattedMessage(true);
            json.setWithArguments(false);
            delegate = json;
        }
        else
        {
            final PatternLayoutEncoder text = new PatternLayoutEncoder();
            text.setPattern(pattern);
            delegate = text;
        }
        delegate.setContext(getContext());
        delegate.start();
        super.start();
    }

    @Override
    public void stop()
    {
        if (delegate != null)
        {
            delegate.stop();
        }
        super.stop();
    }

    @Override
    public byte[] headerBytes()
    {
        return delegate.headerBytes();
    }

    @Override
    public byte[] encode(final ILoggingEvent event)
    {
        return delegate.encode(event);
    }

    @Override
    public byte[] footerBytes()
    {
        return delegate.footerBytes();
    }
}
