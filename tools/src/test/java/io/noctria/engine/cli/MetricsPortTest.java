package io.noctria.engine.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Which port {@code run} serves its metrics on: option, else environment, else the documented default 9464. */
class MetricsPortTest
{
    @Test
    void shouldServeOnTheConventionalExporterPortWhenNothingSaysOtherwise()
    {
        assertEquals(9464, RunCommand.metricsPort(null, null));
    }

    @Test
    void shouldTakeTheOptionOverTheEnvironmentAndTheEnvironmentOverTheDefault()
    {
        assertEquals(9100, RunCommand.metricsPort("9100", "9200"));
        assertEquals(9200, RunCommand.metricsPort(null, "9200"));
        assertEquals(0, RunCommand.metricsPort("0", null));
        assertEquals(9300, RunCommand.metricsPort("9300", "off"));
    }

    @Test
    void shouldServeNothingWhenOff()
    {
        assertNull(RunCommand.metricsPort("off", null));
        assertNull(RunCommand.metricsPort(null, "off"));
    }

    @Test
    void shouldRefuseAnythingElseNamingWhereItCameFrom()
    {
        assertEquals("--metrics-port must be a port 0..65535 or off: \"65536\"",
            assertThrows(CommandFailure.class, () -> RunCommand.metricsPort("65536", null)).getMessage());
        assertEquals("NOCTRIA_METRICS_PORT must be a port 0..65535 or off: \"nine\"",
            assertThrows(CommandFailure.class, () -> RunCommand.metricsPort(null, "nine")).getMessage());
        assertEquals(2, assertThrows(CommandFailure.class, () -> RunCommand.metricsPort("-1", null)).exitCode());
    }
}
