package io.noctria.engine.cli;

import picocli.CommandLine.Option;

/** The {@code --no-progress} option of the commands that replay a journal (a picocli mixin). */
final class NoProgressOption
{
    @Option(names = "--no-progress",
        description = "No progress bar (it is only drawn when stderr is a terminal; also NOCTRIA_NO_PROGRESS=1).")
    boolean noProgress;

    /** @return whether this process draws the bar (see {@link ProgressBar#enabledForThisProcess}). */
    boolean enabled()
    {
        return ProgressBar.enabledForThisProcess(noProgress);
    }
}
