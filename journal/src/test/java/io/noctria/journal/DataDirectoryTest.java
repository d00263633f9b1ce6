package io.noctria.journal;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class DataDirectoryTest
{
    @Test
    void shouldResolveEveryKnownQueueUnderTheRoot()
    {
        final DataDirectory data = new DataDirectory(Path.of("var", "data"));
        assertEquals(Path.of("var", "data", "inbound"), data.queue(DataDirectory.INBOUND));
        assertEquals(Path.of("var", "data", "journal"), data.queue(DataDirectory.JOURNAL));
        assertEquals(Path.of("var", "data", "broker-orders"), data.queue(DataDirectory.BROKER_ORDERS));
        assertEquals(Path.of("var", "data", "broker-reports"), data.queue(DataDirectory.BROKER_REPORTS));
        assertEquals(Path.of("var", "data", "broker-ledger"), data.queue(DataDirectory.BROKER_LEDGER));
        assertEquals(Path.of("var", "data", "outbox"), data.outbox());
        assertFalse(Files.exists(data.root()), "resolving paths must not create anything");
    }

    @Test
    void shouldListQueueNamesInPipelineOrder()
    {
        assertEquals(List.of("inbound", "journal", "broker-orders", "broker-reports", "broker-ledger"), DataDirectory.queueNames());
        assertThrows(UnsupportedOperationException.class, () -> DataDirectory.queueNames().add("x"));
    }

    @Test
    void shouldRejectUnknownQueueNamesNamingTheKnownOnes()
    {
        final DataDirectory data = new DataDirectory(Path.of("data"));
        for (final String bad : new String[] {"outbox", "Journal", "../journal", "", "journal/"})
        {
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> data.queue(bad));
            assertTrue(ex.getMessage().contains("'" + bad + "'"), ex.getMessage());
            assertTrue(ex.getMessage().contains("inbound, journal, broker-orders, broker-reports, broker-ledger"), ex.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> DataDirectory.requireQueueName(null));
        assertEquals("journal", DataDirectory.requireQueueName("journal"));
    }
}
