package io.noctria.replay;

/**
 * Observes a {@link Replayer} as it reads, for progress displays (a bar on a terminal). Purely observational:
 * it sees how far the replay got, never the projections, and cannot change what is folded.
 * <p>
 * Called on the replaying thread after each batch of excerpts, so a slow observer slows the replay: render
 * rarely (a few times a second).
 */
@FunctionalInterface
public interface ReplayProgress
{
    /**
     * @param excerpts   excerpts folded so far in the window, valid and invalid.
     * @param lastTimeNs time of the last message read ({@link io.noctria.codecs.MessageTimes#timeOf}), or
     *                   {@link io.noctria.codecs.MessageTimes#UNKNOWN} when none had a time yet.
     */
    void onProgress(long excerpts, long lastTimeNs);
}
