package io.noctria.engine.badinput;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Keeps the bad-input matrix from shrinking unnoticed: each half holds at least the cases it had when
 * this floor was set, every case has its own name and its own input. Raise a floor when adding cases.
 */
class BadInputMatrixSizeTest
{
    static final int JSON_FLOOR = 235;
    static final int INBOUND_FLOOR = 144;
    static final int CONFIG_FLOOR = 84;

    @Test
    void shouldKeepAtLeastTheCasesItHas()
    {
        final int json = JsonCases.all().size();
        final int inbound = InboundCases.all().size();
        final int config = ConfigCases.all().size();
        assertTrue(json >= JSON_FLOOR, "JSON cases: " + json);
        assertTrue(inbound >= INBOUND_FLOOR, "inbound SBE cases: " + inbound);
        assertTrue(config >= CONFIG_FLOOR, "config cases: " + config);
        assertTrue(json + inbound + config >= 200, "the issue asks for at least 200 distinct bad inputs");
        assertEquals(463, JSON_FLOOR + INBOUND_FLOOR + CONFIG_FLOOR, "docs/reliability.md states this total");
    }

    @Test
    void shouldGiveEveryCaseItsOwnNameAndInput()
    {
        final Set<String> names = new HashSet<>();
        final Set<ByteBuffer> jsonInputs = new HashSet<>();
        for (final JsonCase c : JsonCases.all())
        {
            assertTrue(names.add("json:" + c.name()), "duplicate name " + c.name());
            assertTrue(jsonInputs.add(ByteBuffer.wrap(c.bytes())), "duplicate JSON input in " + c.name());
        }
        final Set<ByteBuffer> inboundInputs = new HashSet<>();
        for (final InboundCase c : InboundCases.all())
        {
            assertTrue(names.add("inbound:" + c.name()), "duplicate name " + c.name());
            assertTrue(inboundInputs.add(ByteBuffer.wrap(c.bytes())), "duplicate excerpt in " + c.name());
        }
        final Set<String> files = new HashSet<>();
        final List<ConfigCase> config = ConfigCases.all();
        for (final ConfigCase c : config)
        {
            assertTrue(names.add(c.name()), "duplicate name " + c.name());
            assertTrue(files.add(c.file() + "\n" + c.yaml()), "duplicate config file in " + c.name());
        }
    }
}
