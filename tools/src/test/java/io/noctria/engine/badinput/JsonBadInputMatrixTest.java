package io.noctria.engine.badinput;

import io.noctria.codecs.sbe.MessageHeaderDecoder;
import io.noctria.codecs.sbe.OrderRequestDecoder;
import io.noctria.codecs.sbe.RiskRule;
import io.noctria.codecs.sbe.RiskVerdict;
import io.noctria.engine.cli.NoctriaCli;
import io.noctria.engine.runtime.Engine;
import io.noctria.engine.testing.Journals;
import io.noctria.journal.DataDirectory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The JSON half of the bad-input matrix, end to end: one file holding every bad line of
 * {@link JsonCases}, each between two good lines, goes through {@code noctria submit}; the inbound
 * queue it wrote then goes through the real engine. Each bad line must be reported with its own line
 * number and reason (or, when only the engine can tell, be journaled as InputRejected at its inbound
 * index); every good line must reach the broker exactly once; the engine must still take input after.
 */
class JsonBadInputMatrixTest
{
    private static final Pattern ERROR_LINE = Pattern.compile("^(.*):(\\d+): ([A-Z_]+): (.*)$");

    @TempDir
    static Path work;

    private static List<JsonCase> cases;
    private static int exitCode;
    private static String out;
    private static String err;
    private static final Map<Long, List<String[]>> errorsByLine = new HashMap<>();
    private static final Map<Long, Long> inboundIndexByLine = new HashMap<>();
    private static JournalOutcomes outcomes;

    @BeforeAll
    static void submitTheMatrixAndRunTheEngine() throws Exception
    {
        cases = JsonCases.all();
        final Path dataDir = work.resolve("data");
        final Path file = work.resolve("matrix.jsonl");
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final List<Long> submittedLines = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++)
        {
            bytes.write(goodLine(i));
            bytes.write('\n');
            submittedLines.add(goodLineNumber(i));
            bytes.write(cases.get(i).bytes());
            bytes.write('\n');
            if (!cases.get(i).refusedBySubmit())
            {
                submittedLines.add(caseLineNumber(i));
            }
        }
        bytes.write(goodLine(cases.size()));
        bytes.write('\n');
        submittedLines.add(goodLineNumber(cases.size()));
        Files.write(file, bytes.toByteArray());

        final StringWriter outText = new StringWriter();
        final StringWriter errText = new StringWriter();
        exitCode = NoctriaCli.execute(new PrintWriter(outText), new PrintWriter(errText), "submit", "--data-dir",
            dataDir.toString(), file.toString());
        out = outText.toString();
        err = errText.toString();
        for (final String line : err.split("\n"))
        {
            final Matcher m = ERROR_LINE.matcher(line);
            if (m.matches())
            {
                errorsByLine.computeIfAbsent(Long.parseLong(m.group(2)), k -> new ArrayList<>())
                    .add(new String[]{ m.group(3), m.group(4) });
            }
        }

        final List<Long> inbound = inboundIndexes(dataDir);
        assertEquals(submittedLines.size(), inbound.size(), "one inbound excerpt per submitted line\n" + out + err);
        for (int i = 0; i < inbound.size(); i++)
        {
            inboundIndexByLine.put(submittedLines.get(i), inbound.get(i));
        }

        final Engine engine = MatrixEngine.startUntagged(dataDir);
        try
        {
            MatrixEngine.awaitConsumed(engine, inbound.size());
            // Still running after every bad input: a good request submitted now is sent too.
            final Path after = work.resolve("after.jsonl");
            Files.write(after, goodLine(-1));
            assertEquals(0, NoctriaCli.execute(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                "submit", "--data-dir", dataDir.toString(), after.toString()));
            MatrixEngine.awaitConsumed(engine, inbound.size() + 1);
        }
        finally
        {
            MatrixEngine.stop(engine);
        }
        outcomes = JournalOutcomes.read(dataDir);
    }

    static List<JsonCase> cases()
    {
        return JsonCases.all();
    }

    @Test
    void shouldExitOneReportEveryBadLineOnceAndSubmitTheRest()
    {
        final long refused = cases.stream().filter(JsonCase::refusedBySubmit).count();
        final long submitted = cases.size() - refused + cases.size() + 1;
        assertEquals(1, exitCode, out + err);
        assertTrue(out.contains("submitted " + submitted + " order request(s)"), out);
        assertTrue(out.contains("; " + refused + " bad line(s) rejected"), out);
        assertEquals(refused, err.strip().split("\n").length, "one stderr line per refused line:\n" + err);
        assertEquals(refused, errorsByLine.size(), "every stderr line names its file, line number and reason:\n" + err);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldRejectWithAClearErrorAndLoseNothing(final JsonCase c)
    {
        final int i = indexOf(c);
        final long line = caseLineNumber(i);
        final List<String[]> errors = errorsByLine.getOrDefault(line, List.of());
        if (c.refusedBySubmit())
        {
            assertEquals(1, errors.size(), "one error for line " + line + " (" + c.preview() + ")\n" + err);
            assertEquals(c.expected(), errors.get(0)[0], "reason of line " + line + ": " + errors.get(0)[1]);
            assertTrue(errors.get(0)[1].contains(c.fragment()),
                "line " + line + " error '" + errors.get(0)[1] + "' should contain '" + c.fragment() + "'");
            assertFalse(inboundIndexByLine.containsKey(line), "a refused line never reaches inbound");
        }
        else
        {
            assertEquals(List.of(), errors, "submit cannot judge this line; the engine does");
            final long inbound = inboundIndexByLine.get(line);
            if (c.expected().startsWith("risk:"))
            {
                final RiskRule rule = RiskRule.valueOf(c.expected().substring("risk:".length()));
                assertEquals(List.of(), outcomes.rejections(inbound));
                assertEquals(new JournalOutcomes.Decision(RiskVerdict.REJECT, rule), outcomes.decision(inbound));
                assertTrue(outcomes.alerts(inbound).stream().anyMatch(a -> a.contains(c.fragment())),
                    outcomes.alerts(inbound).toString());
            }
            else
            {
                final List<JournalOutcomes.Rejection> rejections = outcomes.rejections(inbound);
                assertEquals(1, rejections.size(), "one InputRejected at inbound index " + inbound + ": " + rejections);
                assertEquals(c.expected(), rejections.get(0).reason().name(), rejections.get(0).detail());
                assertTrue(rejections.get(0).detail().contains(c.fragment()),
                    "'" + rejections.get(0).detail() + "' should contain '" + c.fragment() + "'");
            }
            assertEquals(0, outcomes.sends(inbound), "nothing is sent for a bad request");
        }
        assertEquals(1, outcomes.sendsByTrace().getOrDefault(goodTrace(i), 0), "the good line before it is sent once");
        assertEquals(1, outcomes.sendsByTrace().getOrDefault(goodTrace(i + 1), 0), "the good line after it is sent once");
    }

    @Test
    void shouldSendEveryGoodLineOnceAndRejectNothingElse()
    {
        for (int i = -1; i <= cases.size(); i++)
        {
            assertEquals(1, outcomes.sendsByTrace().getOrDefault(goodTrace(i), 0), goodTrace(i));
        }
        assertEquals(cases.size() + 2, outcomes.sendsByTrace().size(), "only good lines are sent: " +
            outcomes.sendsByTrace().keySet().stream().filter(t -> !t.startsWith("good-")).toList());
        final long refusedByEngine = cases.stream()
            .filter(c -> !c.refusedBySubmit() && !c.expected().startsWith("risk:")).count();
        assertEquals(refusedByEngine, outcomes.rejectedInboundIndexes().size(), "no good line is refused");
        assertEquals(List.of(), outcomes.invalid());
        assertEquals(1, outcomes.engineStops());
    }

    private static int indexOf(final JsonCase c)
    {
        for (int i = 0; i < cases.size(); i++)
        {
            if (cases.get(i).name().equals(c.name()))
            {
                return i;
            }
        }
        throw new AssertionError("unknown case " + c.name());
    }

    private static long goodLineNumber(final int i)
    {
        return 2L * i + 1;
    }

    private static long caseLineNumber(final int i)
    {
        return 2L * i + 2;
    }

    private static String goodTrace(final int i)
    {
        return i < 0 ? "good-after" : "good-" + i;
    }

    private static byte[] goodLine(final int i)
    {
        return ("{\"symbol\":\"USDJPY\",\"side\":\"" + (i % 2 == 0 ? "BUY" : "SELL") + "\",\"qty\":1,\"price\":150," +
            "\"trace_id\":\"" + goodTrace(i) + "\",\"strategy\":\"matrix\",\"ts\":\"2026-11-22T04:20:00Z\"}")
            .getBytes(StandardCharsets.UTF_8);
    }

    private static List<Long> inboundIndexes(final Path dataDir)
    {
        final List<Long> indexes = new ArrayList<>();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        // An invalid excerpt fails the test: submit wrote it.
        Journals.readValid(new DataDirectory(dataDir).queue(DataDirectory.INBOUND), (index, buffer, offset, length) ->
        {
            assertEquals(OrderRequestDecoder.TEMPLATE_ID, header.wrap(buffer, offset).templateId());
            indexes.add(index);
        });
        return indexes;
    }
}
