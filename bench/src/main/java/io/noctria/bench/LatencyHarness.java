package io.noctria.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.noctria.engine.config.WaitKind;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Fixed-rate latency harness: intended send time → broker hand-off through the engine's pipeline
 * layout, against a same-run baseline of that layout with no logic. See docs/benchmarks.md.
 * <p>
 * {@code --rate R --seconds S [--warmup-seconds W] [--json]} primes the JVM with a short discarded
 * run of each phase, then runs the baseline phase and the engine phase (fresh ring, threads and
 * journal each; {@code --rounds N} repeats them in alternating order and merges), and prints both
 * distributions and {@code ratio_p99}. {@code --find-max} steps the rate up until the engine stops
 * keeping up. Data to stdout, diagnostics to stderr; exit 0 on success, 1 when a phase did not
 * complete, 2 on bad usage.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
        "Fixed-rate, coordinated-omission-free latency harness.",
        "Each request is stamped with its intended send time (start + i/rate)",
        "and measured to the broker hand-off through the engine's pipeline layout:",
        "Disruptor ring, business thread journaling input and events, hand-off",
        "to the simulated broker. A baseline phase runs the same layout and",
        "journal appends with no logic. See docs/benchmarks.md." })
public final class LatencyHarness implements Callable<Integer>
{
    @Option(names = "--rate", paramLabel = "R", defaultValue = "10000",
        description = "Intended requests per second (default: ${DEFAULT-VALUE}); with --find-max, the first step.")
    long rate;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "10",
        description = "Measured seconds per phase (default: ${DEFAULT-VALUE}; --find-max steps default to 3).")
    Integer seconds;

    @Option(names = "--warmup-seconds", paramLabel = "W", defaultValue = "5",
        description = "Seconds at the same rate before the measured window, per phase (default: ${DEFAULT-VALUE}; " +
            "--find-max steps default to 2).")
    int warmupSeconds;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Option(names = "--phases", paramLabel = "LIST", defaultValue = "baseline,engine,full", split = ",",
        description = "Phases to run, in order: baseline (no logic), engine (the pipeline with the real core), " +
            "full (the real Engine, inbound queue included), queue and fix (the real Engine's round trip to its " +
            "venue's ack: broker-sim over the queues, fix-venue over FIX on loopback) (default: ${DEFAULT-VALUE}).")
    List<String> phases;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "1",
        description = "Repeat the phases N times, alternating their order, and merge (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--prime-seconds", paramLabel = "P", defaultValue = "2",
        description = "Run each phase once for P s, discarded, before measuring (default: ${DEFAULT-VALUE}; 0: off).")
    int primeSeconds;

    @Option(names = "--find-max", description = "Step the rate up until the engine cannot keep up; report the " +
        "highest sustained rate with its p99. Steps the engine phase, or the one phase --phases names " +
        "(--phases full: the real Engine).")
    boolean findMax;

    @Option(names = "--max-rate", paramLabel = "R", defaultValue = "2000000",
        description = "--find-max: highest rate tried (default: ${DEFAULT-VALUE}).")
    long maxRate;

    @Option(names = "--refine", paramLabel = "N", defaultValue = "2",
        description = "--find-max: bisection steps between the last sustained and the first failed rate " +
            "(default: ${DEFAULT-VALUE}).")
    int refine;

    @Option(names = "--max-p99-us", paramLabel = "US", defaultValue = "10000",
        description = "--find-max: a step whose engine p99 exceeds this has a growing queue, so is not sustained " +
            "(default: ${DEFAULT-VALUE}).")
    double maxP99Us;

    @Option(names = "--wait", paramLabel = "KIND", defaultValue = "blocking",
        description = "Business thread ring wait: blocking, yielding, busy-spin, sleeping (default: ${DEFAULT-VALUE}).")
    String wait;

    @Option(names = "--ingress-idle", paramLabel = "KIND", defaultValue = "backoff",
        description = "Ingress/broker thread idle: busy-spin, yielding, backoff, sleeping (default: ${DEFAULT-VALUE}).")
    String ingressIdle;

    @Option(names = "--ring-size", paramLabel = "N", defaultValue = "8192",
        description = "Disruptor slots, a power of two (default: ${DEFAULT-VALUE}).")
    int ringSize;

    @Option(names = "--data-dir", paramLabel = "DIR",
        description = "Where the phases' journals go (default: a new directory under java.io.tmpdir).")
    Path dataDir;

    @Option(names = "--keep-data", description = "Keep the journals (default: deleted after each phase).")
    boolean keepData;

    @Option(names = "--hgrm", paramLabel = "DIR",
        description = "Also write each phase's percentile distribution (.hgrm, microseconds) here.")
    Path hgrmDir;

    /** Runs the harness; exits with the command's status. */
    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new LatencyHarness()).setCommandName("noctria bench").execute(args));
    }

    private double loadAtStart;

    @Override
    public Integer call() throws IOException
    {
        loadAtStart = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        final RunSettings settings = settings();
        final boolean created = dataDir == null;
        final Path root = created ? Files.createTempDirectory("noctria-bench-") : Files.createDirectories(dataDir);
        final RunSettings effective = new RunSettings(settings.rate(), settings.seconds(), settings.warmupSeconds(),
            settings.ringSize(), settings.ringWait(), settings.ingressIdle(), root, settings.keepData());
        try
        {
            return findMax ? findMax(effective) : fixedRate(effective);
        }
        finally
        {
            if (created && !keepData)
            {
                BenchFixtures.deleteRecursively(root);
            }
        }
    }

    private int fixedRate(final RunSettings settings) throws IOException
    {
        final List<PipelineRun.Phase> order = new ArrayList<>();
        for (final String phase : phases)
        {
            order.add(phase(phase));
        }
        final List<PhaseResult> engineRounds = new ArrayList<>();
        final List<PhaseResult> baselineRounds = new ArrayList<>();
        final List<PhaseResult> fullRounds = new ArrayList<>();
        final List<PhaseResult> queueRounds = new ArrayList<>();
        final List<PhaseResult> fixRounds = new ArrayList<>();
        prime(settings, order);
        for (int round = 0; round < rounds; round++)
        {
            // Alternate the order each round, so that drift in the machine's load does not favour one phase.
            for (int i = 0; i < order.size(); i++)
            {
                final PipelineRun.Phase which = order.get(round % 2 == 0 ? i : order.size() - 1 - i);
                System.err.printf("bench: round %d/%d, %s phase at %,d req/s: %d s warm-up + %d s measured ...%n",
                    round + 1, rounds, which.label, settings.rate(), settings.warmupSeconds(), settings.seconds());
                final PhaseResult result = PipelineRun.run(which, settings);
                (which == PipelineRun.Phase.ENGINE ? engineRounds :
                    which == PipelineRun.Phase.BASELINE ? baselineRounds :
                    which == PipelineRun.Phase.QUEUE ? queueRounds :
                    which == PipelineRun.Phase.FIX ? fixRounds : fullRounds).add(result);
            }
        }
        final PhaseResult engine = engineRounds.isEmpty() ? null : PhaseResult.merge(engineRounds);
        final PhaseResult baseline = baselineRounds.isEmpty() ? null : PhaseResult.merge(baselineRounds);
        final PhaseResult full = fullRounds.isEmpty() ? null : PhaseResult.merge(fullRounds);
        final PhaseResult queue = queueRounds.isEmpty() ? null : PhaseResult.merge(queueRounds);
        final PhaseResult fix = fixRounds.isEmpty() ? null : PhaseResult.merge(fixRounds);
        writeHgrm(engine);
        writeHgrm(baseline);
        writeHgrm(full);
        writeHgrm(queue);
        writeHgrm(fix);
        final double ratio = ratio(engine, baseline, 99.0);
        final PrintStream out = System.out;
        if (json)
        {
            final StringWriter text = new StringWriter();
            try (JsonGenerator g = new JsonFactory().createGenerator(text))
            {
                g.writeStartObject();
                g.writeNumberField("rate", settings.rate());
                g.writeNumberField("seconds", settings.seconds());
                g.writeNumberField("warmup_seconds", settings.warmupSeconds());
                g.writeNumberField("rounds", rounds);
                g.writeNumberField("prime_seconds", primeSeconds);
                if (engine != null)
                {
                    g.writeFieldName("engine");
                    engine.writeJson(g);
                }
                if (baseline != null)
                {
                    g.writeFieldName("baseline");
                    baseline.writeJson(g);
                }
                if (full != null)
                {
                    g.writeFieldName(PipelineRun.Phase.FULL.label);
                    full.writeJson(g);
                }
                if (queue != null)
                {
                    g.writeFieldName(PipelineRun.Phase.QUEUE.label);
                    queue.writeJson(g);
                }
                if (fix != null)
                {
                    g.writeFieldName(PipelineRun.Phase.FIX.label);
                    fix.writeJson(g);
                }
                PhaseResult.number(g, "ratio_fix_queue_p99", ratio(fix, queue, 99.0));
                PhaseResult.number(g, "ratio_p99", ratio);
                PhaseResult.number(g, "ratio_p9999", ratio(engine, baseline, 99.99));
                if (full != null)
                {
                    PhaseResult.number(g, "ratio_full_p99", ratio(full, baseline, 99.0));
                    PhaseResult.number(g, "ratio_full_p9999", ratio(full, baseline, 99.99));
                }
                if (rounds > 1)
                {
                    g.writeArrayFieldStart("per_round");
                    for (int round = 0; round < rounds; round++)
                    {
                        final PhaseResult e = engineRounds.isEmpty() ? null : engineRounds.get(round);
                        final PhaseResult b = baselineRounds.isEmpty() ? null : baselineRounds.get(round);
                        g.writeStartObject();
                        PhaseResult.number(g, "engine_p99_us", e == null ? Double.NaN : e.percentileUs(99));
                        PhaseResult.number(g, "baseline_p99_us", b == null ? Double.NaN : b.percentileUs(99));
                        PhaseResult.number(g, "engine_p9999_us", e == null ? Double.NaN : e.percentileUs(99.99));
                        PhaseResult.number(g, "baseline_p9999_us", b == null ? Double.NaN : b.percentileUs(99.99));
                        PhaseResult.number(g, "ratio_p99", ratio(e, b, 99.0));
                        PhaseResult.number(g, "other_processes_cpu", Math.max(e == null ? 0 : e.usage().otherCpu(),
                            b == null ? 0 : b.usage().otherCpu()));
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                }
                writeSettings(g, settings);
                g.writeEndObject();
            }
            out.println(text);
        }
        else
        {
            out.printf("Noctria latency harness: intended send time -> broker hand-off (queue, fix: -> the venue's ack " +
                "back at the engine), %,d req/s, %d round(s) of %d s measured after %d s warm-up per phase (%s)%n",
                settings.rate(), rounds, settings.seconds(),
                settings.warmupSeconds(), describe(settings));
            if (rounds > 1)
            {
                for (int round = 0; round < rounds; round++)
                {
                    out.printf("round %d:%n", round + 1);
                    if (!baselineRounds.isEmpty())
                    {
                        baselineRounds.get(round).printText(out);
                    }
                    if (!engineRounds.isEmpty())
                    {
                        engineRounds.get(round).printText(out);
                    }
                    if (!fullRounds.isEmpty())
                    {
                        fullRounds.get(round).printText(out);
                    }
                    if (!queueRounds.isEmpty())
                    {
                        queueRounds.get(round).printText(out);
                    }
                    if (!fixRounds.isEmpty())
                    {
                        fixRounds.get(round).printText(out);
                    }
                }
                out.println("all rounds merged:");
            }
            if (baseline != null)
            {
                baseline.printText(out);
            }
            if (engine != null)
            {
                engine.printText(out);
            }
            if (full != null)
            {
                full.printText(out);
            }
            if (queue != null)
            {
                queue.printText(out);
            }
            if (fix != null)
            {
                fix.printText(out);
            }
            if (fix != null && queue != null)
            {
                out.printf("ratio_p99 (fix / queue) = %.3f%n", ratio(fix, queue, 99.0));
            }
            if (!Double.isNaN(ratio))
            {
                out.printf("ratio_p99 (engine / baseline) = %.3f, ratio_p99.99 = %.3f%n", ratio,
                    ratio(engine, baseline, 99.99));
            }
            if (full != null && baseline != null)
            {
                out.printf("ratio_full_p99 (engine_full / baseline) = %.3f, ratio_full_p99.99 = %.3f%n",
                    ratio(full, baseline, 99.0), ratio(full, baseline, 99.99));
            }
        }
        out.flush();
        return (engine == null || engine.completed()) && (baseline == null || baseline.completed()) &&
            (full == null || full.completed()) && (queue == null || queue.completed()) &&
            (fix == null || fix.completed()) ? 0 : 1;
    }

    /**
     * Runs each phase once, briefly, and discards it: the first phase of a JVM is measurably worse than
     * later ones (JIT of the shared pieces, first-touch of the journal's files, class loading), which
     * would otherwise bias whichever phase runs first.
     */
    private void prime(final RunSettings settings, final List<PipelineRun.Phase> order)
    {
        if (primeSeconds <= 0)
        {
            return;
        }
        final RunSettings priming = new RunSettings(settings.rate(), primeSeconds, 0, settings.ringSize(),
            settings.ringWait(), settings.ingressIdle(), settings.dataDir(), false);
        for (final PipelineRun.Phase phase : order)
        {
            System.err.printf("bench: priming the JVM with a discarded %d s %s phase ...%n", primeSeconds, phase.label);
            PipelineRun.run(phase, priming);
        }
    }

    private static double ratio(final PhaseResult engine, final PhaseResult baseline, final double percentile)
    {
        return engine == null || baseline == null ? Double.NaN :
            engine.percentileUs(percentile) / baseline.percentileUs(percentile);
    }

    private int findMax(final RunSettings base) throws IOException
    {
        final List<PhaseResult> steps = new ArrayList<>();
        PhaseResult best = null;
        final PipelineRun.Phase measured = findMaxPhase();
        prime(base, List.of(measured));
        long failed = -1;
        for (long r = base.rate(); r <= maxRate; r = nextRate(r))
        {
            final PhaseResult result = step(measured, base, r, steps);
            if (!sustained(result))
            {
                failed = r;
                break;
            }
            best = result;
        }
        // Narrow the bracket [best, failed) by bisection.
        for (int i = 0; i < refine && failed > 0; i++)
        {
            final long low = best == null ? 0 : best.rate();
            final long mid = roundRate((low + failed) / 2);
            if (mid <= low || mid >= failed)
            {
                break;
            }
            final PhaseResult result = step(measured, base, mid, steps);
            if (sustained(result))
            {
                best = result;
            }
            else
            {
                failed = mid;
            }
        }
        final PrintStream out = System.out;
        if (json)
        {
            final StringWriter text = new StringWriter();
            try (JsonGenerator g = new JsonFactory().createGenerator(text))
            {
                g.writeStartObject();
                g.writeStringField("mode", "find-max");
                g.writeStringField("phase", measured.label);
                g.writeNumberField("seconds", base.seconds());
                g.writeNumberField("warmup_seconds", base.warmupSeconds());
                g.writeNumberField("max_p99_us", maxP99Us);
                if (best == null)
                {
                    g.writeNullField("max_sustained_rate");
                    g.writeNullField("p99_us");
                }
                else
                {
                    g.writeNumberField("max_sustained_rate", best.rate());
                    g.writeNumberField("p99_us", Math.round(best.percentileUs(99) * 100.0) / 100.0);
                }
                g.writeArrayFieldStart("steps");
                for (final PhaseResult step : steps)
                {
                    g.writeStartObject();
                    // In the order run: the 1-2-5 ladder, then the bisection steps.
                    g.writeNumberField("rate", step.rate());
                    g.writeBooleanField("sustained", sustained(step));
                    g.writeFieldName("engine");
                    step.writeJson(g);
                    g.writeEndObject();
                }
                g.writeEndArray();
                writeSettings(g, base);
                g.writeEndObject();
            }
            out.println(text);
        }
        else
        {
            out.printf("Noctria find-max: %s phase per step, %d s measured after %d s warm-up (%s); sustained = " +
                "achieved >= 95%% of target and p99 <= %.0f us%n", measured.label, base.seconds(), base.warmupSeconds(),
                describe(base), maxP99Us);
            for (final PhaseResult step : steps)
            {
                step.printText(out);
            }
            out.println(best == null ? "no step was sustained" :
                String.format("max sustained rate: %,d req/s (p99 %.1f us)", best.rate(), best.percentileUs(99)));
        }
        out.flush();
        return 0;
    }

    /** The phase --find-max steps: the one --phases names when it names one, else the reassembled engine. */
    private PipelineRun.Phase findMaxPhase()
    {
        return phases.size() == 1 ? phase(phases.get(0)) : PipelineRun.Phase.ENGINE;
    }

    private PhaseResult step(final PipelineRun.Phase measured, final RunSettings base, final long stepRate,
        final List<PhaseResult> steps) throws IOException
    {
        System.err.printf("bench: find-max step %,d req/s (%s) ...%n", stepRate, measured.label);
        final PhaseResult result = PipelineRun.run(measured, base.withRate(stepRate));
        writeHgrm(result);
        steps.add(result);
        System.err.printf("bench:   achieved %,.0f/s, p99 %.1f us -> %s%n", result.achievedRate(),
            result.percentileUs(99), sustained(result) ? "sustained" : "NOT sustained");
        return result;
    }

    /** Two significant digits, so bisected rates stay readable. */
    static long roundRate(final long rate)
    {
        final long unit = Math.max(1, (long)Math.pow(10, Math.floor(Math.log10(Math.max(rate, 1))) - 1));
        return Math.max(1, rate / unit * unit);
    }

    private boolean sustained(final PhaseResult result)
    {
        return result.keptUp(0.95) && result.percentileUs(99) <= maxP99Us;
    }

    /** 1-2-5 steps: 10k, 20k, 50k, 100k, 200k, 500k, 1M ... */
    static long nextRate(final long rate)
    {
        final long decade = (long)Math.pow(10, Math.floor(Math.log10(rate)));
        final long mantissa = rate / decade;
        if (mantissa < 2)
        {
            return 2 * decade;
        }
        if (mantissa < 5)
        {
            return 5 * decade;
        }
        return 10 * decade;
    }

    private RunSettings settings()
    {
        if (rate <= 0)
        {
            throw new CommandLine.ParameterException(new CommandLine(this), "--rate must be > 0, was " + rate);
        }
        final int measured = findMax && seconds == 10 ? 3 : seconds;
        if (measured <= 0 || warmupSeconds < 0 || rounds < 1)
        {
            throw new CommandLine.ParameterException(new CommandLine(this),
                "--seconds and --rounds must be > 0 and --warmup-seconds >= 0");
        }
        if (Integer.bitCount(ringSize) != 1 || ringSize < 64)
        {
            throw new CommandLine.ParameterException(new CommandLine(this),
                "--ring-size must be a power of two >= 64, was " + ringSize);
        }
        for (final String phase : phases)
        {
            phase(phase);
        }
        final int warm = findMax && warmupSeconds == 5 ? 2 : warmupSeconds;
        return new RunSettings(rate, measured, warm, ringSize, waitKind("--wait", wait, false),
            waitKind("--ingress-idle", ingressIdle, true), dataDir == null ? Paths.get(".") : dataDir, keepData);
    }

    private PipelineRun.Phase phase(final String name)
    {
        for (final PipelineRun.Phase phase : PipelineRun.Phase.values())
        {
            if (phase.option.equals(name.trim()))
            {
                return phase;
            }
        }
        throw new CommandLine.ParameterException(new CommandLine(this),
            "--phases: '" + name + "' is not baseline, engine, full, queue or fix");
    }

    private WaitKind waitKind(final String option, final String name, final boolean ingress)
    {
        for (final WaitKind kind : WaitKind.values())
        {
            if (kind.configName().equals(name) && (ingress || kind != WaitKind.BACKOFF))
            {
                return kind;
            }
        }
        throw new CommandLine.ParameterException(new CommandLine(this), option + ": '" + name + "' is not one of " +
            (ingress ? "busy-spin, yielding, backoff, sleeping" : "blocking, yielding, busy-spin, sleeping"));
    }

    private void writeHgrm(final PhaseResult result) throws IOException
    {
        if (hgrmDir == null || result == null)
        {
            return;
        }
        Files.createDirectories(hgrmDir);
        final Path file = hgrmDir.resolve(result.name() + "-" + result.rate() + ".hgrm");
        try (PrintStream out = new PrintStream(Files.newOutputStream(file), false, "US-ASCII"))
        {
            final Histogram copy = result.latency().copy();
            copy.outputPercentileDistribution(out, 1000.0);
        }
        System.err.println("bench: wrote " + file);
    }

    private void writeSettings(final JsonGenerator g, final RunSettings settings) throws IOException
    {
        g.writeObjectFieldStart("settings");
        g.writeStringField("wait_strategy", settings.ringWait().configName());
        g.writeStringField("ingress_idle_strategy", settings.ingressIdle().configName());
        g.writeNumberField("ring_size", settings.ringSize());
        g.writeStringField("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        g.writeNumberField("cpus", Runtime.getRuntime().availableProcessors());
        g.writeNumberField("loadavg_1m_start", loadAtStart);
        g.writeNumberField("loadavg_1m_end", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        g.writeEndObject();
    }

    private String describe(final RunSettings settings)
    {
        return "load avg " + loadAtStart + " -> " + ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage() +
            ", wait " + settings.ringWait().configName() + ", ingress idle " + settings.ingressIdle().configName() +
            ", ring " + settings.ringSize() + ", " + System.getProperty("java.version") + ", " +
            Runtime.getRuntime().availableProcessors() + " cpus";
    }
}
