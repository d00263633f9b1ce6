package io.noctria.journal;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * File-level facts about a Chronicle queue directory (permissions: {@link OwnerOnlyFiles}).
 */
final class QueueFiles
{
    /** Chronicle's queue metadata (roll cycle, directory listing, locks); its presence makes a queue. */
    static final String METADATA_FILE = "metadata.cq4t";
    /** Suffix of Chronicle's cycle files, one per roll cycle. */
    static final String CYCLE_SUFFIX = ".cq4";
    /** Held (OS file lock) by the one {@link Journal} writing the directory. */
    static final String WRITER_LOCK_FILE = "noctria-writer.lock";

    private QueueFiles()
    {
    }

    /** @return true when {@code dir} holds Chronicle queue metadata. */
    static boolean isQueue(final Path dir)
    {
        return Files.isRegularFile(dir.resolve(METADATA_FILE));
    }
}
