package io.noctria.engine.fix;

import io.noctria.engine.config.FixLinkConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import quickfix.SessionID;
import quickfix.SessionSettings;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class FixGatewaySettingsTest
{
    @ParameterizedTest
    @CsvSource({"1, 1;2;4;8;16;30", "5, 5;10;20;30", "29, 29;30", "30, 30", "120, 120"})
    void shouldBackOffFromTheFirstReconnectWaitUpToThirtySeconds(final int firstWaitS, final String intervals)
    {
        assertEquals(intervals, FixGateway.reconnectIntervals(firstWaitS));
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
