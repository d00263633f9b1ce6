package io.noctria.engine.broker;

import io.noctria.engine.gateway.BrokerReportSink;

import org.agrona.DirectBuffer;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Keeps every report: decoded for assertions, and as raw bytes for byte-for-byte comparisons. */
final class RecordingSink implements BrokerReportSink
{
    private final List<Report> reports = new ArrayList<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @Override
    public void onReport(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] copy = new byte[length];
        buffer.getBytes(offset, copy);
        bytes.write(length);
        bytes.write(copy, 0, length);
        reports.add(Report.decode(buffer, offset, length));
    }

    List<Report> reports()
    {
        return reports;
    }

    byte[] bytes()
    {
        return bytes.toByteArray();
    }

    Report last()
    {
        return reports.get(reports.size() - 1);
    }

    void clear()
    {
        reports.clear();
        bytes.reset();
    }

    /** @return the reports of each order number, in delivery order. */
    Map<Long, List<Report>> byOrder()
    {
        final Map<Long, List<Report>> byOrder = new TreeMap<>();
        for (final Report report : reports)
        {
            byOrder.computeIfAbsent(report.orderNumber(), n -> new ArrayList<>()).add(report);
        }
        return byOrder;
    }
}
