package io.noctria.engine.fix;

import io.noctria.engine.config.FixLinkConfig;
import org.junit.jupiter.api.Test;
import quickfix.SessionID;
import quickfix.SessionSettings;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class FixGatewaySettingsTest
{
    @Test
    void shouldBackOffFromTheFirstReconnectWaitUpToThirtySeconds()
    {
        assertEquals("1;2;4;8;16;30", FixGateway.reconnectIntervals(1));
        assertEquals("5;10;20;30", FixGateway.reconnectIntervals(5));
        assertEquals("29;30", FixGateway.reconnectIntervals(29));
        assertEquals("30", FixGateway.reconnectIntervals(30));
        assertEquals("120", FixGateway.reconnectIntervals(120));
    }

    @Test
    void shouldTurnTheBrokerSectionIntoInitiatorSettings() throws Exception
    {
        final FixLinkConfig config = new FixLinkConfig("10.0.0.7", 9878, "NOCTRIA", "VENUE", 5, true, null, 2);
        final SessionSettings settings = FixGateway.sessionSettings(config, Path.of("/tmp/store/session"));
        final SessionID id = new SessionID("FIX.4.4", "NOCTRIA", "VENUE");
        assertEquals("initiator", settings.getString(id, "ConnectionType"));
        assertEquals("10.0.0.7", settings.getString(id, "SocketConnectHost"));
        assertEquals(9878, settings.getLong(id, "SocketConnectPort"));
        assertEquals(5, settings.getLong(id, "HeartBtInt"));
        assertTrue(settings.getBool(id, "ResetOnLogon"));
        assertEquals("2;4;8;16;30", settings.getString(id, "ReconnectInterval"));
        assertEquals("/tmp/store/session", settings.getString(id, "FileStorePath"));
        assertTrue(settings.getBool(id, "PersistMessages"), "resends need the sent messages");
        assertTrue(settings.getBool(id, "CheckCompID"));
    }
}
