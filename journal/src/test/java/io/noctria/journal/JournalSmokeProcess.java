package io.noctria.journal;

import org.agrona.ExpandableArrayBuffer;

import java.nio.file.Path;

/**
 * Child process of {@link JournalMultiProcessTest}: writes and reads a small journal, then reports
 * whether Chronicle's analytics classes can be loaded at all.
 */
final class JournalSmokeProcess
{
    static final String ANALYTICS_CLASS = "net.openhft.chronicle.analytics.Analytics";

    private JournalSmokeProcess()
    {
    }

    public static void main(final String[] args)
    {
        final Path dir = Path.of(args[0]);
        final TestMessages messages = new TestMessages();
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(512);
        try (Journal journal = Journal.open(dir, JournalConfig.defaults()))
        {
            for (int i = 0; i < 3; i++)
            {
                journal.append(buffer, 0, messages.orderRequest(buffer, 0, i, 1_000 + i));
            }
        }
        final int read;
        try (JournalReader reader = JournalReader.open(dir))
        {
            read = RecordingConsumer.drain(reader).entries.size();
        }
        System.out.println("messages=" + read);
        System.out.println("analytics=" + (loadable(ANALYTICS_CLASS) ? "present" : "absent"));
    }

    static boolean loadable(final String className)
    {
        try
        {
            Class.forName(className, false, JournalSmokeProcess.class.getClassLoader());
            return true;
        }
        catch (final ClassNotFoundException ex)
        {
            return false;
        }
    }
}
