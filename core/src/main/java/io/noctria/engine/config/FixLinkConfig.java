package io.noctria.engine.config;

/**
 * The FIX 4.4 session the engine opens as initiator when {@code broker.mode} is {@code fix} (docs/fix.md,
 * "Session settings"). Validated once at start-up; the FIX module turns it into its library's session settings.
 *
 * @param host          {@code broker.host}: the venue's acceptor host name or address.
 * @param port          {@code broker.port}: its TCP port, 1 to 65535.
 * @param senderCompId  {@code broker.sender_comp_id} (tag 49 on what the engine sends).
 * @param targetCompId  {@code broker.target_comp_id} (tag 56 on what the engine sends; 49 on what it accepts).
 * @param heartbeatS    {@code broker.heartbeat_s}: HeartBtInt (108) proposed at logon, seconds.
 * @param resetOnLogon  {@code broker.reset_on_logon}: ResetSeqNumFlag (141) at every logon. Off by default: sequence
 *                      numbers continue across restarts and gaps are filled by resends.
 * @param storeDir      {@code broker.store_dir}: where sequence numbers, sent messages and the link queues are kept;
 *                      null: {@code <data-dir>/fix}.
 * @param reconnectS    {@code broker.reconnect_s}: the first wait before reconnecting after a lost connection, seconds;
 *                      each failed attempt doubles it up to 30 s (a longer first wait stays as it is).
 */
public record FixLinkConfig(
    String host,
    int port,
    String senderCompId,
    String targetCompId,
    int heartbeatS,
    boolean resetOnLogon,
    String storeDir,
    int reconnectS)
{
    /** The keys of {@code broker} that only {@code mode: fix} reads. */
    static final String[] KEYS =
        { "host", "port", "sender_comp_id", "target_comp_id", "heartbeat_s", "reset_on_logon", "store_dir", "reconnect_s" };

    static FixLinkConfig parse(final ConfigSection broker, final BrokerMode mode)
    {
        if (BrokerMode.FIX != mode)
        {
            for (final String key : KEYS)
            {
                if (broker.has(key))
                {
                    throw broker.invalid(key, broker.raw(key), "only used with mode: fix, and mode is " + mode.configName());
                }
            }
            return null;
        }
        broker.require("port", "an integer TCP port from 1 to 65535");
        broker.require("sender_comp_id", "the CompID the engine sends as (tag 49)");
        broker.require("target_comp_id", "the venue's CompID (tag 56)");
        final String host = text(broker, "host", "127.0.0.1", "must be a non-empty host name or address");
        final int port = (int)broker.integer("port", 0, 1, 65_535, "must be an integer TCP port from 1 to 65535");
        final String sender = compId(broker, "sender_comp_id");
        final String target = compId(broker, "target_comp_id");
        final int heartbeat = (int)broker.integer("heartbeat_s", 30, 1, 3_600,
            "must be an integer number of seconds from 1 to 3600");
        final boolean reset = broker.bool("reset_on_logon", false);
        final String storeDir = broker.has("store_dir") ?
            text(broker, "store_dir", null, "must be a non-empty directory path") : null;
        final int reconnect = (int)broker.integer("reconnect_s", 1, 1, 300,
            "must be an integer number of seconds from 1 to 300");
        return new FixLinkConfig(host, port, sender, target, heartbeat, reset, storeDir, reconnect);
    }

    private static String compId(final ConfigSection broker, final String key)
    {
        final String allowed = "must be 1 to 32 printable ASCII characters without spaces or '='";
        final String value = text(broker, key, null, allowed);
        if (value.length() > 32)
        {
            throw broker.invalid(key, value, allowed);
        }
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            if (c <= ' ' || c > '~' || c == '=')
            {
                throw broker.invalid(key, value, allowed);
            }
        }
        return value;
    }

    private static String text(final ConfigSection broker, final String key, final String defaultValue,
        final String allowed)
    {
        final String value = broker.string(key, defaultValue, allowed);
        if (null != value && (value.isBlank() || value.indexOf('\0') >= 0))
        {
            throw broker.invalid(key, value, allowed);
        }
        return value;
    }

    @Override
    public String toString()
    {
        return "host: " + host + ", port: " + port + ", sender_comp_id: " + senderCompId + ", target_comp_id: " +
            targetCompId + ", heartbeat_s: " + heartbeatS + ", reset_on_logon: " + resetOnLogon +
            (storeDir == null ? "" : ", store_dir: " + storeDir) + ", reconnect_s: " + reconnectS;
    }
}
