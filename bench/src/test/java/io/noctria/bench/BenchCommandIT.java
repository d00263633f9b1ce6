package io.noctria.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.noctria.engine.cli.JavaCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code noctria bench} end to end: the engine's command table runs the harness from
 * benchmarks.jar in a child JVM and its {@code --json} object has the documented shape.
 */
class BenchCommandIT
{
    private static final Path ROOT = Paths.get("").toAbsolutePath().getParent();

    @TempDir
    Path dir;

    @Test
    void shouldPrintTheDocumentedJsonObjectAndKeepItsJournalsUnderTheGlobalDataDir() throws Exception
    {
        // One harness run serves both claims: each run starts two JVMs and three phases.
        final Path data = dir.resolve("bench-data");
        final Map<String, Double> json = flatten(run("--data-dir", data.toString(), "bench", "--rate", "2000",
            "--seconds", "1", "--warmup-seconds", "0", "--prime-seconds", "0", "--keep-data", "--json"));
        try (Stream<Path> files = Files.walk(data))
        {
            assertTrue(files.anyMatch(p -> p.toString().endsWith(".cq4")), "the phases' journals are under " + data);
        }

        assertEquals(2000, json.get("rate"));
        assertEquals(1, json.get("seconds"));
        for (final String phase : List.of("engine", "baseline", "engine_full"))
        {
            for (final String key : List.of("count", "p50_us", "p90_us", "p99_us", "p999_us", "p9999_us", "max_us",
                "achieved_rate"))
            {
                assertTrue(json.containsKey(phase + "." + key), phase + "." + key + " in " + json.keySet());
            }
            assertEquals(2000, json.get(phase + ".count"), phase + ": every measured request reached the broker");
            assertTrue(json.get(phase + ".p50_us") > 0 && json.get(phase + ".p50_us") <= json.get(phase + ".p99_us"));
            assertTrue(json.get(phase + ".p99_us") <= json.get(phase + ".max_us"));
        }
        assertEquals(json.get("engine.p99_us") / json.get("baseline.p99_us"), json.get("ratio_p99"), 0.01);
        assertEquals(json.get("engine_full.p99_us") / json.get("baseline.p99_us"), json.get("ratio_full_p99"), 0.01);
    }

    private String run(final String... args) throws IOException, InterruptedException
    {
        final Path engineJar = ROOT.resolve("tools/target/noctria.jar");
        assertTrue(Files.isRegularFile(engineJar), "package the tools module first: " + engineJar);
        final List<String> command = JavaCommand.withProjectFlags(ROOT);
        command.add("-Dnoctria.home=" + ROOT);
        command.add("-Dproject.build.directory=" + dir);
        command.add("-jar");
        command.add(engineJar.toString());
        command.addAll(List.of(args));
        final File stdout = dir.resolve("stdout").toFile();
        final File stderr = dir.resolve("stderr").toFile();
        final Process process = new ProcessBuilder(command).directory(dir.toFile())
            .redirectOutput(stdout).redirectError(stderr).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "bench finished");
        final String err = Files.readString(stderr.toPath(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), err);
        return Files.readString(stdout.toPath(), StandardCharsets.UTF_8);
    }

    /** Numbers of a JSON object by dotted path ("engine.p99_us"). */
    private static Map<String, Double> flatten(final String json) throws IOException
    {
        final Map<String, Double> values = new TreeMap<>();
        try (JsonParser parser = new JsonFactory().createParser(json.trim()))
        {
            final List<String> path = new ArrayList<>();
            String field = null;
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken())
            {
                switch (token)
                {
                    case FIELD_NAME:
                        field = parser.getCurrentName();
                        break;
                    case START_OBJECT:
                        if (field != null)
                        {
                            path.add(field);
                        }
                        field = null;
                        break;
                    case END_OBJECT:
                        if (!path.isEmpty())
                        {
                            path.remove(path.size() - 1);
                        }
                        break;
                    case VALUE_NUMBER_INT:
                    case VALUE_NUMBER_FLOAT:
                        values.put(path.isEmpty() ? field : String.join(".", path) + "." + field,
                            parser.getDoubleValue());
                        break;
                    default:
                        break;
                }
            }
        }
        return values;
    }
}
