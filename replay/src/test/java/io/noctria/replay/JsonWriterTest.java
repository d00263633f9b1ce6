package io.noctria.replay;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JsonWriterTest
{
    @Test
    void shouldFormatNanosecondsAsExactMicroseconds()
    {
        assertEquals("12.5", JsonWriter.appendMicros(new StringBuilder(), 12_500).toString());
        assertEquals("3", JsonWriter.appendMicros(new StringBuilder(), 3_000).toString());
        assertEquals("0.001", JsonWriter.appendMicros(new StringBuilder(), 1).toString());
        assertEquals("0.01", JsonWriter.appendMicros(new StringBuilder(), 10).toString());
        assertEquals("0.012", JsonWriter.appendMicros(new StringBuilder(), 12).toString());
        assertEquals("40.5", JsonWriter.appendMicros(new StringBuilder(), 40_500).toString());
        assertEquals("1000.012", JsonWriter.appendMicros(new StringBuilder(), 1_000_012).toString());
        assertEquals("0", JsonWriter.appendMicros(new StringBuilder(), 0).toString());
        assertEquals("-1.5", JsonWriter.appendMicros(new StringBuilder(), -1_500).toString());
        assertEquals("-0.001", JsonWriter.appendMicros(new StringBuilder(), -1).toString());
    }
}
