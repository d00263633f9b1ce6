package io.noctria.journal;

import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.rollcycles.LargeRollCycles;
import net.openhft.chronicle.queue.rollcycles.LegacyRollCycles;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Immutable settings of a {@link Journal} writer, validated when built.
 * <p>
 * The roll cycle decides how often a new cycle file starts (and so the unit of retention and
 * archiving). It is fixed when a queue is created: Chronicle records it in the queue's metadata,
 * and {@link Journal#open} refuses a config that names a different one.
 */
public final class JournalConfig
{
    /** Roll cycle of a new journal unless configured otherwise: one file per UTC day. */
    public static final String DEFAULT_ROLL_CYCLE = "FAST_DAILY";

    private static final Map<String, RollCycle> ROLL_CYCLES = rollCycles();
    private static final JournalConfig DEFAULTS = new JournalConfig(DEFAULT_ROLL_CYCLE, null, false);

    private final String rollCycle;
    private final TimeProvider clock;
    private final boolean sharedWriters;

    private JournalConfig(final String rollCycle, final TimeProvider clock, final boolean sharedWriters)
    {
        this.rollCycle = rollCycle;
        this.clock = clock;
        this.sharedWriters = sharedWriters;
    }

    /**
     * A copy that lets several writers append to the queue at once (Chronicle serialises them across
     * processes). For producer queues such as {@code inbound}, where a kill-switch {@code pause} must
     * never be refused because a producer is running; the engine's journal keeps the exclusive lock.
     */
    public JournalConfig withSharedWriters()
    {
        return new JournalConfig(rollCycle, clock, true);
    }

    /** @return true when several writers may append at once (no exclusive writer lock). */
    public boolean sharedWriters()
    {
        return sharedWriters;
    }

    /** @return the default configuration: {@link #DEFAULT_ROLL_CYCLE}. */
    public static JournalConfig defaults()
    {
        return DEFAULTS;
    }

    /**
     * @param name a roll cycle name from {@link #rollCycleNames()}, case-insensitive.
     * @return a copy of this configuration with that roll cycle.
     * @throws IllegalArgumentException naming the value and the allowed names when it is not one.
     */
    public JournalConfig withRollCycle(final String name)
    {
        Objects.requireNonNull(name, "rollCycle");
        final String canonical = name.trim().toUpperCase(Locale.ROOT);
        if (!ROLL_CYCLES.containsKey(canonical))
        {
            throw new IllegalArgumentException("unknown journal roll cycle '" + name + "'; allowed: " +
                String.join(", ", ROLL_CYCLES.keySet()));
        }
        return new JournalConfig(canonical, clock, sharedWriters);
    }

    /** @return the roll cycle's name, e.g. {@code FAST_DAILY}. */
    public String rollCycle()
    {
        return rollCycle;
    }

    /** @return every accepted roll cycle name, shortest cycle first within each family. */
    public static List<String> rollCycleNames()
    {
        return List.copyOf(ROLL_CYCLES.keySet());
    }

    @Override
    public String toString()
    {
        return "JournalConfig{rollCycle=" + rollCycle + (sharedWriters ? ", sharedWriters" : "") + "}";
    }

    /** Tests drive cycle rolls with a settable clock; production uses Chronicle's system clock. */
    JournalConfig withClock(final TimeProvider clock)
    {
        return new JournalConfig(rollCycle, Objects.requireNonNull(clock, "clock"), sharedWriters);
    }

    /** @return the clock that decides the cycle of an append, or null for the system clock. */
    TimeProvider clock()
    {
        return clock;
    }

    RollCycle chronicleRollCycle()
    {
        return ROLL_CYCLES.get(rollCycle);
    }

    /**
     * The roll cycle whose file-name format parses {@code cycleFileName} (without its .cq4 suffix),
     * or null. Chronicle's own formats are unique per roll cycle.
     */
    static RollCycle rollCycleOfFileName(final String cycleFileName)
    {
        final List<RollCycle> candidates = new ArrayList<>(ROLL_CYCLES.values());
        for (final RollCycle cycle : RollCycles.all())
        {
            if (!candidates.contains(cycle))
            {
                candidates.add(cycle);
            }
        }
        for (final RollCycle cycle : candidates)
        {
            try
            {
                DateTimeFormatter.ofPattern(cycle.format(), Locale.ROOT).parse(cycleFileName);
                return cycle;
            }
            catch (final RuntimeException notThisFormat)
            {
                // Each format has a distinct literal suffix: exactly one parses.
            }
        }
        return null;
    }

    private static Map<String, RollCycle> rollCycles()
    {
        final Map<String, RollCycle> cycles = new LinkedHashMap<>();
        cycles.put(LegacyRollCycles.MINUTELY.name(), LegacyRollCycles.MINUTELY);
        for (final RollCycles cycle : RollCycles.values())
        {
            cycles.put(cycle.name(), cycle);
        }
        cycles.put(LegacyRollCycles.HOURLY.name(), LegacyRollCycles.HOURLY);
        cycles.put(LegacyRollCycles.DAILY.name(), LegacyRollCycles.DAILY);
        for (final LargeRollCycles cycle : LargeRollCycles.values())
        {
            cycles.put(cycle.name(), cycle);
        }
        return Collections.unmodifiableMap(cycles);
    }
}
