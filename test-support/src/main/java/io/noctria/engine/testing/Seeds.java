package io.noctria.engine.testing;

/**
 * The seed of a randomised test: fixed unless the run asks otherwise, so CI always runs the same
 * inputs and a failure can be repeated. {@code -Dnoctria.seed=random} draws a fresh seed per call
 * (the documented long run, the {@code soak} profile); {@code -Dnoctria.seed=N} replays seed N. The
 * caller puts the returned seed in every failure message, and {@link #describe(long)} says how to
 * rerun it.
 */
public final class Seeds
{
    /** The system property that overrides every test's fixed seed. */
    public static final String PROPERTY = "noctria.seed";

    private Seeds()
    {
    }

    /**
     * @param fixed the test's own seed, used when {@value #PROPERTY} is not set.
     * @return the seed to use.
     * @throws IllegalArgumentException if the property is neither {@code random} nor a decimal long.
     */
    public static long seed(final long fixed)
    {
        final String value = System.getProperty(PROPERTY);
        if (null == value || value.isBlank())
        {
            return fixed;
        }
        if ("random".equals(value.trim()))
        {
            // Wall clock on purpose: only the explicit long run asks for fresh seeds.
            return System.nanoTime();
        }
        try
        {
            return Long.parseLong(value.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("-D" + PROPERTY + "=" + value +
                " is invalid (allowed: random, or a decimal long seed)", ex);
        }
    }

    /** @return "seed S (rerun: -Dnoctria.seed=S)", for failure messages. */
    public static String describe(final long seed)
    {
        return "seed " + seed + " (rerun: -D" + PROPERTY + "=" + seed + ")";
    }
}
