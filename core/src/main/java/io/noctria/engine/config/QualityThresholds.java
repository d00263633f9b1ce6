package io.noctria.engine.config;

/**
 * Quality-gate thresholds from the {@code quality:} section of configs/engine.yml. A value at or
 * above its {@code flat_at} threshold makes the decision FLAT; otherwise at or above
 * {@code scale_at} makes it SCALE (qty × scale factor, applied once even when both inputs breach).
 * Ratios are parts per million as on the wire. Immutable.
 *
 * @param missingRatioScalePpm missing ratio at or above which qty is scaled, ppm.
 * @param missingRatioFlatPpm  missing ratio at or above which the decision is FLAT, ppm.
 * @param dataLagScaleMs       data lag at or above which qty is scaled, ms.
 * @param dataLagFlatMs        data lag at or above which the decision is FLAT, ms.
 * @param scaleFactorPpm       qty factor of a SCALE decision, ppm, in (0, 1_000_000).
 */
public record QualityThresholds(
    int missingRatioScalePpm,
    int missingRatioFlatPpm,
    long dataLagScaleMs,
    long dataLagFlatMs,
    int scaleFactorPpm)
{
    /** @throws IllegalArgumentException unless 0 &lt; scale &lt;= flat (ratios &lt;= 1) and 0 &lt; factor &lt; 1. */
    public QualityThresholds
    {
        if (missingRatioScalePpm <= 0 || missingRatioScalePpm > missingRatioFlatPpm || missingRatioFlatPpm > 1_000_000 ||
            dataLagScaleMs <= 0 || dataLagScaleMs > dataLagFlatMs || scaleFactorPpm <= 0 || scaleFactorPpm >= 1_000_000)
        {
            throw new IllegalArgumentException("quality thresholds must satisfy 0 < scale <= flat (ratios <= 1) and " +
                "0 < factor < 1: missing_ratio " + missingRatioScalePpm + "/" + missingRatioFlatPpm + " ppm, data_lag_ms " +
                dataLagScaleMs + "/" + dataLagFlatMs + ", factor " + scaleFactorPpm + " ppm");
        }
    }

    @Override
    public String toString()
    {
        return "quality {missing_ratio: {scale_at: " + SymbolLimits.decimal(missingRatioScalePpm) + ", flat_at: " +
            SymbolLimits.decimal(missingRatioFlatPpm) + "}, data_lag_ms: {scale_at: " + dataLagScaleMs + ", flat_at: " +
            dataLagFlatMs + "}, scale_factor: " + SymbolLimits.decimal(scaleFactorPpm) + "}";
    }
}
