package io.noctria.engine.core;

import io.noctria.codecs.FixedPoint;
import io.noctria.codecs.sbe.QualityReason;
import io.noctria.codecs.sbe.QualityVerdict;
import io.noctria.engine.config.QualityThresholds;

/**
 * Judges a request's input data before risk: FLAT when the missing ratio or the data lag is at or
 * above its flat threshold, else SCALE (qty × factor, applied once even when both breach) when
 * either is at or above its scale threshold, else OK. The outcome is left in fields for the
 * caller to encode; nothing allocates.
 */
final class QualityGate
{
    private final QualityThresholds thresholds;

    private QualityVerdict verdict = QualityVerdict.OK;
    private QualityReason reason = QualityReason.NONE;
    private int factorPpm;
    private long finalQty;

    QualityGate(final QualityThresholds thresholds)
    {
        this.thresholds = thresholds;
    }

    void evaluate(final long qty, final int missingRatioPpm, final long dataLagMs)
    {
        final boolean missingFlat = missingRatioPpm >= thresholds.missingRatioFlatPpm();
        final boolean lagFlat = dataLagMs >= thresholds.dataLagFlatMs();
        if (missingFlat || lagFlat)
        {
            verdict = QualityVerdict.FLAT;
            reason = reasonOf(missingFlat, lagFlat);
            factorPpm = 0;
            finalQty = 0;
            return;
        }
        final boolean missingScale = missingRatioPpm >= thresholds.missingRatioScalePpm();
        final boolean lagScale = dataLagMs >= thresholds.dataLagScaleMs();
        if (missingScale || lagScale)
        {
            verdict = QualityVerdict.SCALE;
            reason = reasonOf(missingScale, lagScale);
            factorPpm = thresholds.scaleFactorPpm();
            finalQty = FixedPoint.mulDivTowardZero(qty, factorPpm, FixedPoint.SCALE);
            return;
        }
        verdict = QualityVerdict.OK;
        reason = QualityReason.NONE;
        factorPpm = (int)FixedPoint.SCALE;
        finalQty = qty;
    }

    /**
     * Describes the last SCALE or FLAT decision for its alert: the breached inputs against their thresholds and
     * what became of the quantity. Allocation-free (it runs on an order's path).
     *
     * @param qty             the requested quantity the decision judged.
     * @param missingRatioPpm the request's missing ratio, ppm.
     * @param dataLagMs       the request's data lag, ms.
     * @param text            appended to.
     */
    void describe(final long qty, final int missingRatioPpm, final long dataLagMs, final AsciiText text)
    {
        final boolean flat = QualityVerdict.FLAT == verdict;
        text.append(flat ? "quality FLAT (" : "quality SCALE (").append(reason.name())
            .append("): missing_ratio ").append(missingRatioPpm).append(" ppm (")
            .append(flat ? "flat_at " : "scale_at ")
            .append(flat ? thresholds.missingRatioFlatPpm() : thresholds.missingRatioScalePpm())
            .append(" ppm), data_lag_ms ").append(dataLagMs).append(" (").append(flat ? "flat_at " : "scale_at ")
            .append(flat ? thresholds.dataLagFlatMs() : thresholds.dataLagScaleMs()).append(')');
        if (flat)
        {
            text.append("; no order");
        }
        else
        {
            text.append("; qty ").appendFixed6(qty).append(" scaled to ").appendFixed6(finalQty)
                .append(" by factor ").append(factorPpm).append(" ppm");
        }
    }

    QualityVerdict verdict()
    {
        return verdict;
    }

    QualityReason reason()
    {
        return reason;
    }

    int factorPpm()
    {
        return factorPpm;
    }

    long finalQty()
    {
        return finalQty;
    }

    private static QualityReason reasonOf(final boolean missing, final boolean lag)
    {
        if (missing && lag)
        {
            return QualityReason.MISSING_RATIO_AND_DATA_LAG;
        }
        return missing ? QualityReason.MISSING_RATIO : QualityReason.DATA_LAG;
    }
}
