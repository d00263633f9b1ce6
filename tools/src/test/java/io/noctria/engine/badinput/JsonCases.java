package io.noctria.engine.badinput;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The JSON half of the bad-input matrix: the text cases of {@code bad-input/json-cases.tsv} plus the
 * byte-level cases that a text file cannot hold (invalid UTF-8, raw control bytes, over-long lines).
 */
public final class JsonCases
{
    private static final String RESOURCE = "/bad-input/json-cases.tsv";

    private JsonCases()
    {
    }

    /** @return every case, table first, then the byte-level ones. */
    public static List<JsonCase> all()
    {
        final List<JsonCase> cases = new ArrayList<>(fromTable());
        cases.addAll(byteLevel());
        return cases;
    }

    static List<JsonCase> fromTable()
    {
        final List<JsonCase> cases = new ArrayList<>();
        try (InputStream in = JsonCases.class.getResourceAsStream(RESOURCE))
        {
            if (in == null)
            {
                throw new IllegalStateException(RESOURCE + " is not on the test classpath");
            }
            final BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null)
            {
                number++;
                if (line.startsWith("#") || line.isEmpty())
                {
                    continue;
                }
                final String[] columns = line.split("\t", 5);
                if (columns.length != 5)
                {
                    throw new IllegalStateException(RESOURCE + ":" + number + ": expected 5 tab-separated columns");
                }
                cases.add(new JsonCase(columns[0], columns[1], columns[2], columns[3],
                    columns[4].getBytes(StandardCharsets.UTF_8)));
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return cases;
    }

    /** Lines whose bytes are the point: each is refused by submit as MALFORMED. */
    static List<JsonCase> byteLevel()
    {
        final String good = "{\"symbol\":\"USDJPY\",\"side\":\"BUY\",\"qty\":1,\"price\":150,\"trace_id\":\"bad-bytes-%d\"," +
            "\"ts\":\"2026-11-22T04:20:00Z\"}";
        final List<JsonCase> cases = new ArrayList<>();
        final String utf8 = "line is not valid UTF-8";
        cases.add(bytes("utf8-ff-byte", utf8 + ": byte 0xFF at byte 12", splice(String.format(good, 1), 11, 0xFF)));
        cases.add(bytes("utf8-truncated-two-byte", utf8 + ": byte 0xC3", splice(String.format(good, 2), 11, 0xC3)));
        cases.add(bytes("utf8-overlong-slash", utf8 + ": byte 0xC0", splice(String.format(good, 3), 11, 0xC0, 0xAF)));
        cases.add(bytes("utf8-lone-continuation", utf8 + ": byte 0x80", splice(String.format(good, 4), 11, 0x80)));
        cases.add(bytes("utf8-encoded-surrogate", utf8 + ": byte 0xED", splice(String.format(good, 5), 11, 0xED, 0xA0, 0x80)));
        cases.add(bytes("utf8-cut-at-line-end", utf8 + ": byte 0xF0",
            concat(String.format(good, 6).getBytes(StandardCharsets.UTF_8), new byte[]{(byte)0xF0, (byte)0x9F})));
        cases.add(bytes("utf8-latin1-text", utf8 + ": byte 0xE9",
            ("{\"symbol\":\"USDJPY\",\"strategy\":\"strat\u00e9gie\"}").getBytes(StandardCharsets.ISO_8859_1)));
        // UTF-16 of ASCII text is valid UTF-8 with a NUL after every character.
        cases.add(bytes("utf16-bytes", "malformed JSON", String.format(good, 8).getBytes(StandardCharsets.UTF_16LE)));
        cases.add(bytes("raw-nul-byte", "malformed JSON", splice(String.format(good, 9), 0, 0)));
        cases.add(bytes("raw-control-in-string", "malformed JSON",
            String.format(good, 10).replace("USDJPY", "USD\u0001JPY").getBytes(StandardCharsets.UTF_8)));
        cases.add(bytes("raw-tab-in-string", "malformed JSON",
            String.format(good, 11).replace("USDJPY", "USD\tJPY").getBytes(StandardCharsets.UTF_8)));
        cases.add(bytes("bom-not-at-start", "malformed JSON",
            ("\uFEFF" + String.format(good, 12)).getBytes(StandardCharsets.UTF_8)));
        final byte[] longLine = new byte[70_000];
        Arrays.fill(longLine, (byte)' ');
        System.arraycopy(String.format(good, 13).getBytes(StandardCharsets.UTF_8), 0, longLine, 0, 100);
        cases.add(bytes("line-over-64k", "line of 70000 bytes is longer than the 65536-byte limit", longLine));
        final byte[] megabyte = new byte[1 << 20];
        Arrays.fill(megabyte, (byte)'[');
        cases.add(bytes("line-of-1mib-brackets", "line of 1048576 bytes is longer than the 65536-byte limit", megabyte));
        final SplittableRandom random = new SplittableRandom(6);
        for (int i = 0; i < 3; i++)
        {
            // Binary noise without line breaks: whatever it decodes to, it is not a request.
            final byte[] noise = new byte[64 + 200 * i];
            for (int b = 0; b < noise.length; b++)
            {
                int value;
                do
                {
                    value = random.nextInt(256);
                }
                while (value == '\n' || value == '\r');
                noise[b] = (byte)value;
            }
            noise[0] = (byte)0xFE; // never valid UTF-8, so the reason is fixed
            cases.add(bytes("binary-noise-" + noise.length, utf8 + ": byte 0xFE at byte 1", noise));
        }
        return cases;
    }

    private static JsonCase bytes(final String name, final String fragment, final byte[] bytes)
    {
        return new JsonCase(name, JsonCase.SUBMIT, "MALFORMED", fragment, bytes);
    }

    /** The UTF-8 of {@code text} with {@code inserted} bytes put in at {@code at}. */
    private static byte[] splice(final String text, final int at, final int... inserted)
    {
        final byte[] original = text.getBytes(StandardCharsets.UTF_8);
        final byte[] out = new byte[original.length + inserted.length];
        System.arraycopy(original, 0, out, 0, at);
        for (int i = 0; i < inserted.length; i++)
        {
            out[at + i] = (byte)inserted[i];
        }
        System.arraycopy(original, at, out, at + inserted.length, original.length - at);
        return out;
    }

    private static byte[] concat(final byte[] a, final byte[] b)
    {
        final byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
