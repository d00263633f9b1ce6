package io.noctria.engine.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.noctria.codecs.MessageFormatter;
import io.noctria.replay.InvalidExcerpt;
import io.noctria.replay.TraceTimeline;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One readable line per timeline event, for a person reading a trace under pressure:
 * <pre>
 * 1042  2026-11-22T04:20:03.000001000Z  2026-11-22T13:20:03.000001000+09:00  RiskDecision  verdict=REJECT rule=...
 * </pre>
 * the journal index, the message time in UTC and in JST, the type, then the fields that matter for that type
 * (by schema name, in a fixed order; times as ISO UTC; text quoted when it holds spaces). A message type this
 * table does not know (a newer schema) shows every field. The full record is in {@code --format json}.
 */
final class TimelineText
{
    private static final Map<String, String[]> KEY_FIELDS = keyFields();
    private static final Pattern BARE = Pattern.compile("[!-~&&[^\"=\\\\]]+");
    private static final JsonFactory JSON = new JsonFactory();

    private final MessageFormatter formatter = new MessageFormatter();
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private final StringBuilder scratch = new StringBuilder(512);

    /** @return the line of the event at {@code position} (no newline). */
    String line(final TraceTimeline timeline, final int position)
    {
        final long timeNs = timeline.timeNs(position);
        final String type = timeline.type(position);
        final StringBuilder line = new StringBuilder(256)
            .append(timeline.index(position)).append("  ")
            .append(TimeText.utc(timeNs)).append("  ")
            .append(TimeText.jst(timeNs)).append("  ")
            .append(type);
        final InvalidExcerpt invalid = timeline.invalid(position);
        if (invalid != null)
        {
            line.append("  error=").append(invalid.error().name()).append(" detail=");
            MessageFormatter.appendJsonString(line, invalid.detail());
            return line.toString();
        }
        final byte[] bytes = timeline.messageBytes(position);
        view.wrap(bytes);
        scratch.setLength(0);
        scratch.append('{');
        formatter.appendJsonFields(view, 0, bytes.length, scratch);
        scratch.append('}');
        final Map<String, Value> fields = parse(scratch);
        final String[] names = KEY_FIELDS.get(type);
        final List<String> shown = new ArrayList<>();
        if (names == null)
        {
            for (final String name : fields.keySet())
            {
                if (!"tsNs".equals(name) && !"traceId".equals(name))
                {
                    shown.add(name);
                }
            }
        }
        else
        {
            for (final String name : names)
            {
                if (fields.containsKey(name))
                {
                    shown.add(name);
                }
            }
        }
        String separator = "  ";
        for (final String name : shown)
        {
            line.append(separator).append(name).append('=');
            fields.get(name).appendTo(line, name);
            separator = " ";
        }
        return line.toString();
    }

    private static Map<String, Value> parse(final CharSequence json)
    {
        final Map<String, Value> values = new LinkedHashMap<>();
        try (JsonParser parser = JSON.createParser(json.toString()))
        {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.FIELD_NAME)
            {
                final String name = parser.currentName();
                final JsonToken token = parser.nextToken();
                values.put(name, new Value(parser.getText(), token == JsonToken.VALUE_STRING,
                    token == JsonToken.VALUE_NUMBER_INT));
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("unreadable field JSON from the formatter: " + json, ex);
        }
        return values;
    }

    private static Map<String, String[]> keyFields()
    {
        final Map<String, String[]> fields = new HashMap<>();
        fields.put("OrderRequest", new String[] { "symbol", "side", "qty", "price", "orderType", "timeInForce",
            "strategy", "missingRatio", "dataLagMs", "keyPresent", "inboundIndex" });
        fields.put("Control", new String[] { "action", "operatorName", "reason", "inboundIndex" });
        fields.put("QualityDecision", new String[] { "verdict", "reason", "originalQty", "finalQty", "factor" });
        fields.put("RiskDecision", new String[] { "verdict", "rule", "severity", "policy", "originalQty", "finalQty",
            "limitValue", "observedValue" });
        fields.put("Alert", new String[] { "severity", "code", "rule", "policy", "message" });
        fields.put("TradingPauseChanged", new String[] { "paused", "source", "operatorName", "reason" });
        // Schema 3: the request's line above shows its symbol and key; OrderSent's shows the ClOrdID.
        fields.put("OutboxRecorded", new String[] { "side", "qty", "price", "orderType", "timeInForce" });
        fields.put("DuplicateSuppressed", new String[] { "firstInputIndex" });
        fields.put("OrderSent", new String[] { "attempt", "symbol", "side", "qty", "price", "clOrdId" });
        fields.put("BrokerAck", new String[] { "brokerOrderId", "clOrdId" });
        fields.put("Fill", new String[] { "fillType", "fillQty", "fillPrice", "cumQty", "leavesQty", "liquidity",
            "execId" });
        fields.put("BrokerReject", new String[] { "reason", "text", "clOrdId" });
        fields.put("Expired", new String[] { "cumQty", "brokerOrderId", "clOrdId" });
        fields.put("Canceled", new String[] { "cumQty", "brokerOrderId", "clOrdId" });
        fields.put("SendFailed", new String[] { "attempt", "errorCode", "finalAttempt", "retryAtNs", "clOrdId" });
        fields.put("PolicyLoaded", new String[] { "policyHash", "overrides", "source" });
        fields.put("EngineStarted", new String[] { "version", "demo", "configHash", "policyHash", "resumeInboundIndex",
            "recoveredEvents", "stateHash" });
        fields.put("EngineStopped", new String[] { "reason", "lastInboundIndex", "stateHash" });
        fields.put("InputRejected", new String[] { "reason", "inboundIndex", "detail" });
        return fields;
    }

    /** A field's JSON value as text, with what kind of token it was. */
    private record Value(String text, boolean string, boolean integer)
    {
        void appendTo(final StringBuilder out, final String name)
        {
            if (integer && name.endsWith("Ns"))
            {
                // Schema times are epoch ns; 0 means "none" (e.g. SendFailed.retryAtNs without a retry).
                final long ns = Long.parseLong(text);
                out.append(ns == 0 ? "-" : TimeText.utc(ns));
            }
            else if (string && !BARE.matcher(text).matches())
            {
                MessageFormatter.appendJsonString(out, text);
            }
            else
            {
                out.append(text);
            }
        }
    }
}
