package io.noctria.bench;

import io.noctria.codecs.MessageValidator;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * {@link MessageValidator#validate} as every reader runs it on every excerpt: a valid
 * {@code OrderRequest} (fixed block only), a valid {@code Alert} (one var-data field), and a
 * truncated message (the failure path, which builds its detail String: allocation expected there,
 * it is not the hot path).
 */
public class MessageValidatorBenchmark extends HotPathBenchmark
{
    private final MessageValidator validator = new MessageValidator();
    private final UnsafeBuffer request = new UnsafeBuffer(BufferUtil.allocateDirectAligned(512, 64));
    private final UnsafeBuffer alert = new UnsafeBuffer(BufferUtil.allocateDirectAligned(2048, 64));
    private int requestLength;
    private int alertLength;

    @Setup
    public void setUp()
    {
        requestLength = new RequestWriter().write(request, 0, 42, RecordedFlow.BASE_TS_NS, RecordedFlow.BASE_TS_NS);
        final io.noctria.codecs.sbe.AlertEncoder encoder = new io.noctria.codecs.sbe.AlertEncoder()
            .wrapAndApplyHeader(alert, 0, new io.noctria.codecs.sbe.MessageHeaderEncoder())
            .tsNs(RecordedFlow.BASE_TS_NS)
            .inputIndex(7)
            .code(io.noctria.codecs.sbe.AlertCode.RISK_RULE)
            .severity(io.noctria.codecs.sbe.Severity.WARNING)
            .rule(io.noctria.codecs.sbe.RiskRule.MAX_ORDER_QTY)
            .policy("default")
            .traceId("bench-000000000042")
            .message("max_order_qty 20000.000000: qty 25000.000000 clamped to 20000.000000");
        alertLength = io.noctria.codecs.sbe.MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    @Benchmark
    public boolean validateOrderRequest()
    {
        return validator.validate(request, 0, requestLength);
    }

    @Benchmark
    public boolean validateAlert()
    {
        return validator.validate(alert, 0, alertLength);
    }

    @Benchmark
    public boolean validateTruncated()
    {
        return validator.validate(request, 0, requestLength - 10);
    }
}
