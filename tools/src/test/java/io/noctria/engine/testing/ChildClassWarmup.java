package io.noctria.engine.testing;

import io.noctria.engine.cli.NoctriaCli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The tools module's warm-up for {@link ChildClassArchive}: loads what its child JVMs load (the engine and its
 * journals, the outbox mirror, the simulator, the FIX gateway and fix-venue, replay and its reports, submit's JSON)
 * by running a short demo day with each venue, then replay and submit, all in this one JVM. Its arguments: a scratch
 * directory and the repository's configs/ directory (its working directory is the scratch one); exit status 0 when
 * every command did.
 */
public final class ChildClassWarmup
{
    private ChildClassWarmup()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path scratch = Paths.get(args[0]);
        final String embedded = scratch.resolve("embedded").toString();
        final Path configs = Paths.get(args[1]);
        final String config = configs.resolve("engine.yml").toString();
        final String policy = configs.resolve("risk_policy.yml").toString();
        final Path orders = java.nio.file.Files.writeString(scratch.resolve("orders.jsonl"),
            "{\"symbol\":\"USDJPY\",\"side\":\"BUY\",\"qty\":1,\"price\":150.1,\"order_type\":\"LIMIT\"," +
            "\"tif\":\"IOC\",\"trace_id\":\"warmup-1\",\"strategy\":\"warmup\",\"ts\":\"2026-01-06T10:00:00Z\"}\n");
        int failed = 0;
        failed += run("run", "--demo", "300", "--fresh", "--data-dir", embedded, "--config", config, "--policy", policy, "--report",
            scratch.resolve("report").toString());
        failed += run("run", "--demo", "100", "--venue", "fix", "--fresh", "--data-dir",
            scratch.resolve("fix").toString(), "--config", config, "--policy", policy);
        failed += run("replay", "--data-dir", embedded, "--out", scratch.resolve("replay").toString());
        failed += run("submit", "--data-dir", embedded, orders.toString());
        System.exit(failed == 0 ? 0 : 1);
    }

    private static int run(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = NoctriaCli.execute(new PrintWriter(out), new PrintWriter(err), args);
        System.out.println("noctria " + String.join(" ", args) + " -> " + code + "\n" + out + err);
        return code == 0 ? 0 : 1;
    }
}
