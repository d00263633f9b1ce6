package io.noctria.journal;

/**
 * System properties Chronicle reads once, in static initialisers: set here, before the first
 * Chronicle class is touched by this module, unless the launcher already chose a value.
 * <p>
 * The launcher's JVM flags ({@code configs/jvm.options}) remain the primary place for these:
 * another module (e.g. a Chronicle Map outbox) may load Chronicle before the journal does, and then
 * only the flags apply. This is the safety net for tools and tests that start the journal first.
 * <ul>
 *     <li>{@code chronicle.analytics.disable}, {@code chronicle.announcer.disable}: the engine never
 *     phones home and prints no banner (the analytics jar is also excluded from the build).</li>
 *     <li>{@code jna.tmpdir}: Chronicle's affinity code loads JNA, which by default unpacks its native
 *     stub under {@code ~/.cache/JNA} and leaves the directory behind; in {@code java.io.tmpdir}
 *     the unpacked file is deleted at exit.</li>
 * </ul>
 * Not set here: {@code project.build.directory}. Without it Chronicle creates
 * {@code ${java.io.tmpdir}/target} unless a {@code target/} exists above the working directory;
 * no value is right for every process, so the launcher must pass one (Chronicle then creates
 * {@code tmp/} inside it).
 */
final class ChronicleEnvironment
{
    private ChronicleEnvironment()
    {
    }

    /** Idempotent; cheap enough to call from every static initialiser that precedes Chronicle use. */
    static void configure()
    {
        setIfAbsent("chronicle.analytics.disable", "true");
        setIfAbsent("chronicle.announcer.disable", "true");
        final String tmpDir = System.getProperty("java.io.tmpdir");
        if (tmpDir != null)
        {
            setIfAbsent("jna.tmpdir", tmpDir);
        }
    }

    private static void setIfAbsent(final String key, final String value)
    {
        if (System.getProperty(key) == null)
        {
            System.setProperty(key, value);
        }
    }
}
