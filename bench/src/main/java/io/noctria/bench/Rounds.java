package io.noctria.bench;

import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * How a phase's figures combine when its rounds are merged, one rule per kind of figure: counts add up, rates and
 * shares of a core average. Start-up code (after the measurement); allocates freely.
 */
final class Rounds
{
    private Rounds()
    {
    }

    /** @return the sum of one count over the rounds. */
    static <T> long sum(final List<T> rounds, final ToLongFunction<T> count)
    {
        long sum = 0;
        for (final T round : rounds)
        {
            sum += count.applyAsLong(round);
        }
        return sum;
    }

    /** @return the mean of one rate or share over the rounds, added in round order. */
    static <T> double mean(final List<T> rounds, final ToDoubleFunction<T> rate)
    {
        double sum = 0;
        for (final T round : rounds)
        {
            sum += rate.applyAsDouble(round);
        }
        return sum / rounds.size();
    }
}
