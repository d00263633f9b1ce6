package io.noctria.engine.broker;

/** The report an in-flight order delivers next; byte codes so they live in a primitive column. */
final class ReportKind
{
    static final byte ACK = 1;
    static final byte FILL = 2;
    static final byte EXPIRED = 3;
    static final byte CANCELED = 4;
    static final byte REJECT = 5;
    static final byte SEND_FAILED = 6;

    private ReportKind()
    {
    }
}
