package io.noctria.engine.runtime;

import io.noctria.engine.core.EventSink;
import org.agrona.DirectBuffer;

/**
 * The core's sink: discards events while the core is rebuilt from the journal (they are already journaled, in
 * the frame of their input), then forwards to the live sink. Switched once, before the business thread starts.
 */
final class SwitchableSink implements EventSink
{
    private EventSink target;

    @Override
    public void onEvent(final DirectBuffer buffer, final int offset, final int length)
    {
        if (target == null)
        {
            return;
        }
        target.onEvent(buffer, offset, length);
    }

    void goLive(final EventSink live)
    {
        target = live;
    }
}
