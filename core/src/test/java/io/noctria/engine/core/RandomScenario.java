package io.noctria.engine.core;

import io.noctria.codecs.sbe.*;
import io.noctria.engine.config.RiskPolicy;
import io.noctria.engine.config.SymbolLimits;
import io.noctria.engine.config.VenueCapabilities;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static io.noctria.engine.core.CoreFixture.M;

/**
 * A seeded stream of producers, operators and a broker around one core: valid, invalid and
 * duplicate requests across symbols, sides, prices, hours and traces; pause switches; acks, fills,
 * rejects, expiries, cancels, send failures and illegal reports. It keeps its own model of
 * positions, working quantity, trace notional, rate window and pause, written independently of
 * the core, and checks every OrderSent against the policy using that model. Failures name the
 * seed and the step so a run can be repeated exactly.
 * <p>
 * Why this file is over 600 lines: the independent model is the point of the property test, and it has to cover
 * every rule the core applies; splitting it would spread one model over files that only make sense together.
 */
final class RandomScenario
{
    /** The fixture's policy, a tighter rate, and venue capabilities for AUDJPY (off-step qtys, FOK and off-tick prices). */
    static final String POLICY = CoreFixture.POLICY.replace("max_orders_per_second: 1000", "max_orders_per_second: 20") +
        "  AUDJPY:\n    venue: {min_qty: 1, qty_step: 1, price_tick: 0.05, time_in_force: [DAY, GTC, IOC]}\n";
    /**
     * The runbook's automatic pause is off here: this model checks the risk invariants under a pause only an
     * operator switches; AutoPauseTest covers the automatic rules, their replay included.
     */
    static final io.noctria.engine.config.EngineConfig ENGINE = io.noctria.engine.config.EngineConfig.parse(
        "random-engine.yml", ("auto_pause: {broker_error_rate: {max_pct: 0}, slippage: {breaches: 0}, " +
            "loss_streak: false}\nidempotency: {require_key: false, require_auth: false}\nclock: {max_skew_ms: 0}\n").getBytes(StandardCharsets.UTF_8));
    static final String[] SYMBOLS = {"USDJPY", "EURJPY", "GBPJPY", "AUDJPY", "USDRUB"};
    private static final long[] REFERENCE = {150 * M, 160 * M, 190 * M, 100 * M, 90 * M};
    private static final long DAY_NS = 86_400_000_000_000L;
    private static final int MAX_ATTEMPTS = 3;

    final CoreFixture fixture;
    final Map<RiskRule, Integer> firedRules = new EnumMap<>(RiskRule.class);
    int sends;
    int duplicates;
    int inputRejects;
    int retries;
    /**
     * When false, the broker never reports on a closed order nor for an unknown key (the dice still roll, so the rest
     * of the day is unchanged). On by default: the engine and the replay's projections apply such reports by the
     * same rules ({@link io.noctria.codecs.OrderTransitions}).
     */
    boolean illegalReports = true;
    /**
     * When true, the broker side also sends cancels and replaces (down) of working orders and answers them (Canceled,
     * Replaced, CancelReject), from a second seeded stream; off by default, so other tests see the day they always saw.
     */
    boolean actions;
    int actionsSent;

    private final long seed;
    private final Random random;
    private final Random actionRandom;
    final RiskPolicy policy;
    private final List<CoreRequest> submitted = new ArrayList<>();
    private final List<ModelOrder> orders = new ArrayList<>();
    private final Set<String> sentKeys = new HashSet<>();
    private final Map<String, long[]> books = new HashMap<>();
    private final Map<String, BigInteger> traceNotional = new HashMap<>();
    private final List<String> tracePool = new ArrayList<>();
    private final long[] rateSends;
    private int rateHead;
    private int rateCount;
    private long rateNow = Long.MIN_VALUE;
    private boolean paused;
    private long businessTs = CoreFixture.ts("2025-01-15T09:00:00Z");
    private int step;
    private int traceCounter;

    RandomScenario(final long seed)
    {
        this.seed = seed;
        this.random = new Random(seed);
        this.actionRandom = new Random(~seed);
        this.policy = RiskPolicy.parse("random-policy.yml", POLICY.getBytes(StandardCharsets.UTF_8));
        this.fixture = new CoreFixture(policy, ENGINE);
        this.rateSends = new long[policy.maxOrdersPerSecond()];
    }

    void run(final int steps)
    {
        try
        {
            for (step = 0; step < steps; step++)
            {
                final int dice = random.nextInt(100);
                if (dice < 45)
                {
                    submit(newRequest());
                }
                else if (dice < 52 && !submitted.isEmpty())
                {
                    duplicate();
                }
                else if (dice < 54)
                {
                    togglePause();
                }
                else if (dice < 55)
                {
                    burst();
                }
                else if (dice < 58)
                {
                    if (illegalReports)
                    {
                        illegalReport();
                    }
                }
                else
                {
                    brokerReport();
                }
            }
            crossCheck();
        }
        catch (final AssertionError | RuntimeException ex)
        {
            throw new AssertionError("seed=" + seed + " step=" + step + ": " + ex.getMessage(), ex);
        }
    }

    private CoreRequest newRequest()
    {
        final int s = random.nextInt(SYMBOLS.length);
        businessTs += random.nextInt(120) * 1_000_000L;
        if (random.nextInt(100) < 2)
        {
            businessTs += (1 + random.nextInt(6)) * 3_600_000_000_000L;
        }
        long ts = businessTs;
        if (random.nextInt(100) < 3)
        {
            ts -= random.nextInt(3_000) * 1_000_000L;
        }
        final CoreRequest r = CoreFixture.request().symbol(SYMBOLS[s]).at(ts);
        r.side = random.nextBoolean() ? 1 : 2;
        r.qty = random.nextInt(100) < 5 ? (1 + random.nextInt(30_000)) * M : (1 + random.nextInt(800)) * M + random.nextInt(1_000_000);
        final long deviationPpm = random.nextInt(160_001) - 80_000;
        r.price = REFERENCE[s] + REFERENCE[s] / 1_000_000 * deviationPpm / 1_000 * 1_000;
        r.orderType = random.nextInt(100) < 60 ? 2 : 1;
        r.timeInForce = 1 + random.nextInt(4);
        if (!tracePool.isEmpty() && random.nextInt(100) < 35)
        {
            r.trace = tracePool.get(random.nextInt(tracePool.size()));
        }
        else
        {
            r.trace = "trace-" + seed + "-" + traceCounter++;
            tracePool.add(r.trace);
        }
        final int quality = random.nextInt(100);
        if (quality < 8)
        {
            r.missingRatio = 50_000 + random.nextInt(100_000);
        }
        else if (quality < 12)
        {
            r.dataLagMs = 2_000 + random.nextInt(5_000);
        }
        if (random.nextInt(100) < 2)
        {
            if (random.nextBoolean())
            {
                r.qty = 0;
            }
            else
            {
                r.side = 9;
            }
        }
        return r;
    }

    /** A strategy firing many small orders in the same millisecond: what the rate limit is for. */
    private void burst()
    {
        final int size = 10 + random.nextInt(30);
        for (int i = 0; i < size; i++)
        {
            final CoreRequest r = CoreFixture.request().symbol("AUDJPY").market().price(REFERENCE[3])
                .qty((1 + random.nextInt(5)) * M).at(businessTs).trace("burst-" + seed + "-" + traceCounter++);
            r.side = random.nextBoolean() ? 1 : 2;
            submit(r);
        }
    }

    private void duplicate()
    {
        final int index = random.nextBoolean() ? submitted.size() - 1 : random.nextInt(submitted.size());
        submit(submitted.get(index).copy());
    }

    private void submit(final CoreRequest r)
    {
        submitted.add(r);
        final String keyHex = r.side == 1 || r.side == 2 ?
            fixture.keys.computeHex(r.symbol, r.side == 1 ? Side.BUY : Side.SELL, r.qty, r.clientTsNs, r.trace) : "";
        final long[] bookBefore = book(r.symbol).clone();
        final int mark = fixture.mark();
        fixture.submit(r);
        List<String> types = fixture.typesSince(mark);
        if (!types.isEmpty() && "RequestKeyed".equals(types.get(0)))
        {
            final byte[] journaled = new byte[32];
            fixture.only(mark, new RequestKeyedDecoder()).getIdempotencyKey(journaled, 0, 32);
            check(r.key == null && IdempotencyKeys.toHex(journaled).equals(keyHex),
                "only a request without a key gets RequestKeyed, with the key its fields give");
            types = types.subList(1, types.size());
        }
        else
        {
            check(r.key != null || types.equals(List.of("InputRejected")),
                "a request without a key that the engine admitted gets RequestKeyed first: " + types);
        }
        if (types.contains("InputRejected"))
        {
            check(types.size() == 1, "an invalid request produces only InputRejected: " + types);
            inputRejects++;
            return;
        }
        if (types.contains("DuplicateSuppressed"))
        {
            check(types.size() == 1 && sentKeys.contains(keyHex), "a duplicate is suppressed only for a sent key: " + types);
            duplicates++;
            return;
        }
        check(!sentKeys.contains(keyHex), "a key already sent went through the gates again");
        final QualityDecisionDecoder quality = fixture.only(mark, new QualityDecisionDecoder());
        final RiskDecisionDecoder risk = fixture.riskDecisionSince(mark);
        final boolean gateEvaluated = quality.verdict() != QualityVerdict.FLAT && quality.finalQty() > 0;
        if (gateEvaluated)
        {
            advanceRateClock(r.clientTsNs);
        }
        final List<AlertDecoder> alerts = fixture.alertsSince(mark);
        for (final AlertDecoder alert : alerts)
        {
            firedRules.merge(alert.rule(), 1, Integer::sum);
        }
        if (risk.verdict() != RiskVerdict.ALLOW)
        {
            check(!alerts.isEmpty(), "every non-ALLOW verdict has an alert");
        }
        final List<byte[]> sent = fixture.since(mark, OrderSentDecoder.TEMPLATE_ID);
        check(sent.size() == (risk.verdict() == RiskVerdict.REJECT ? 0 : 1), "one OrderSent per non-rejected request");
        if (sent.isEmpty())
        {
            return;
        }
        final CoreFixture.Sent order = CoreFixture.Sent.of(sent.get(0));
        check(order.attempt == 1, "a new order is attempt 1");
        check(IdempotencyKeys.toHex(order.key).equals(keyHex), "the OrderSent carries the request's key");
        check(order.clOrdId.equals("N" + keyHex.substring(0, 31)), "ClOrdID derives from the key");
        checkPolicy(r, order.qty, bookBefore);
        sentKeys.add(keyHex);
        sends++;
        final ModelOrder model = new ModelOrder(order, r.side == 1 ? 1 : -1);
        orders.add(model);
        addOpen(r.symbol, model.sideSign, order.qty);
        traceNotional.merge(r.trace, BigInteger.valueOf(order.qty).multiply(BigInteger.valueOf(r.price))
            .divide(BigInteger.valueOf(M)), BigInteger::add);
        recordRate();
    }

    private void checkPolicy(final CoreRequest r, final long qty, final long[] book)
    {
        final SymbolLimits limits = policy.limitsFor(r.symbol);
        final int sign = r.side == 1 ? 1 : -1;
        check(!policy.isForbidden(r.symbol), "no forbidden symbol is sent");
        check(qty > 0 && qty <= r.qty, "the sent qty is positive and never above the request");
        check(qty <= limits.maxOrderQty(), "qty <= max_order_qty");
        final VenueCapabilities venue = limits.venue();
        check(qty >= venue.minQty() && (0 == venue.qtyStep() || qty % venue.qtyStep() == 0),
            "qty >= venue.min_qty and on venue.qty_step");
        check(venue.takesTimeInForce(r.timeInForce) && venue.takesOrderType(r.orderType),
            "the venue takes the order's time in force and type");
        check(2 != r.orderType || 0 == venue.priceTick() || r.price % venue.priceTick() == 0,
            "a LIMIT price is a whole number of venue ticks");
        final long timeOfDay = Math.floorMod(r.clientTsNs, DAY_NS);
        boolean inHours = false;
        for (int i = 0; i < limits.tradingWindowCount(); i++)
        {
            inHours |= timeOfDay >= limits.windowStartMinute(i) * 60_000_000_000L &&
                timeOfDay < limits.windowEndMinute(i) * 60_000_000_000L;
        }
        check(inHours, "no order outside trading hours");
        final long position = book[0];
        final long sameSideOpen = sign > 0 ? book[1] : book[2];
        final boolean reducing = sign > 0 ? position < 0 && sameSideOpen + qty <= -position :
            position > 0 && sameSideOpen + qty <= position;
        check(!paused || reducing, "nothing risk-increasing is sent while paused");
        final BigInteger exposure = BigInteger.valueOf(sign > 0 ? position + book[1] : book[2] - position)
            .add(BigInteger.valueOf(qty));
        if (exposure.signum() > 0)
        {
            check(exposure.multiply(BigInteger.valueOf(r.price))
                .compareTo(BigInteger.valueOf(limits.maxPositionNotional()).multiply(BigInteger.valueOf(M))) <= 0,
                "projected position notional <= max_position_notional");
        }
        if (limits.maxTraceNotional() > 0)
        {
            final BigInteger total = traceNotional.getOrDefault(r.trace, BigInteger.ZERO)
                .add(BigInteger.valueOf(qty).multiply(BigInteger.valueOf(r.price)).divide(BigInteger.valueOf(M)));
            check(total.compareTo(BigInteger.valueOf(limits.maxTraceNotional())) <= 0, "trace notional <= max_trace_notional");
        }
        final long reference = book[3] > 0 ? book[3] : policy.referencePrice(r.symbol);
        if (r.orderType == 2 && reference > 0 && limits.priceCollarPpm() > 0)
        {
            check(BigInteger.valueOf(Math.abs(r.price - reference)).multiply(BigInteger.valueOf(M))
                .compareTo(BigInteger.valueOf(limits.priceCollarPpm()).multiply(BigInteger.valueOf(reference))) <= 0,
                "LIMIT price within the collar");
        }
        evictRate();
        check(rateCount < rateSends.length, "at most max_orders_per_second sends in any second");
    }

    private void togglePause()
    {
        final int mark = fixture.mark();
        fixture.control(paused ? ControlAction.PAUSE_OFF : ControlAction.PAUSE_ON, "ops-random", "step " + step);
        paused = !paused;
        check(fixture.typesSince(mark).equals(List.of("TradingPauseChanged", "Alert")), "a pause switch is recorded");
        check(fixture.core.tradingPaused() == paused, "pause state");
    }

    private void brokerReport()
    {
        final List<ModelOrder> working = new ArrayList<>();
        for (final ModelOrder order : orders)
        {
            if (order.isWorking())
            {
                working.add(order);
            }
        }
        if (working.isEmpty())
        {
            return;
        }
        final ModelOrder order = working.get(random.nextInt(working.size()));
        final int mark = fixture.mark();
        if (actions && actionRandom.nextInt(100) < 20)
        {
            action(order, mark);
            check(fixture.core.orderState(order.sent.key) == order.state, "order state agrees with the model (action)");
            return;
        }
        final int dice = random.nextInt(100);
        if (dice < 25 && order.state == EngineOrderState.SENT)
        {
            fixture.ack(order.sent);
            order.state = EngineOrderState.ACKED;
        }
        else if (dice < 70)
        {
            final long leaves = order.qty - order.cum;
            final long qty = random.nextBoolean() ? leaves : Math.max(1, leaves / (2 + random.nextInt(3)));
            final long price = order.sent.price + order.sent.price / 1_000 * (random.nextInt(21) - 10);
            fixture.fill(order.sent, qty, price);
            order.cum += qty;
            order.state = order.cum == order.qty ? EngineOrderState.FILLED :
                order.isPending() ? order.state : EngineOrderState.PARTIALLY_FILLED;
            final long[] book = book(order.sent.symbol);
            book[0] += order.sideSign * qty;
            book[order.sideSign > 0 ? 1 : 2] -= qty;
            book[3] = price;
        }
        else if (dice < 78 && order.state == EngineOrderState.SENT)
        {
            fixture.reject(order.sent, BrokerRejectReason.INSUFFICIENT_LIQUIDITY);
            terminate(order, EngineOrderState.REJECTED);
        }
        else if (dice < 86)
        {
            if (random.nextBoolean())
            {
                fixture.expired(order.sent, order.cum);
                terminate(order, EngineOrderState.EXPIRED);
            }
            else
            {
                fixture.canceled(order.sent, order.cum);
                terminate(order, EngineOrderState.CANCELED);
            }
        }
        else if (order.state == EngineOrderState.SENT)
        {
            sendFailed(order, mark);
            return;
        }
        else
        {
            return;
        }
        for (final AlertDecoder alert : fixture.alertsSince(mark))
        {
            // The one event a legal report may cause: a fill closing a losing round trip at the streak limit.
            check(alert.rule() == RiskRule.LOSS_STREAK_SHRINK, "a legal report emits no other alert: " + alert.message());
            firedRules.merge(alert.rule(), 1, Integer::sum);
        }
        check(fixture.typesSince(mark).size() == fixture.alertsSince(mark).size(),
            "a legal report emits nothing but a loss-streak alert: " + fixture.typesSince(mark));
        check(fixture.core.orderState(order.sent.key) == order.state, "order state agrees with the model");
    }

    /** A cancel or a replace down of a working order, or the venue's answer to the one pending. */
    private void action(final ModelOrder order, final int mark)
    {
        final boolean answer = order.isPending();
        if (answer && (actionRandom.nextInt(3) == 0 ||
            order.state == EngineOrderState.PENDING_REPLACE && order.newQty <= order.cum))
        {
            fixture.cancelReject(order.sent, CxlRejReason.OTHER, order.state == EngineOrderState.PENDING_CANCEL ?
                CxlRejResponseTo.CANCEL : CxlRejResponseTo.REPLACE);
            order.state = order.cum > 0 ? EngineOrderState.PARTIALLY_FILLED : EngineOrderState.ACKED;
        }
        else if (answer && order.state == EngineOrderState.PENDING_CANCEL)
        {
            fixture.canceled(order.sent, order.cum);
            terminate(order, EngineOrderState.CANCELED);
        }
        else if (answer)
        {
            fixture.replaced(order.sent, order.newQty, order.sent.price);
            book(order.sent.symbol)[order.sideSign > 0 ? 1 : 2] -= order.qty - order.newQty;
            order.qty = order.newQty;
            order.state = EngineOrderState.REPLACED;
        }
        else if (null != order.lastActionKey && actionRandom.nextInt(10) == 0)
        {
            fixture.cancel(order.sent, order.lastActionKey);
            check(fixture.typesSince(mark).equals(List.of("ActionRefused")), "an action key sent twice is refused");
            return;
        }
        else
        {
            final byte[] key = new byte[32];
            actionRandom.nextBytes(key);
            order.lastActionKey = key;
            actionsSent++;
            // A replace down to a qty the venue takes (its step, its minimum); none left above the filled qty: cancel.
            final VenueCapabilities venue = policy.limitsFor(order.sent.symbol).venue();
            long down = order.cum + Math.max(1, (order.qty - order.cum) / (2 + actionRandom.nextInt(3)));
            down -= venue.qtyStep() > 0 ? down % venue.qtyStep() : 0;
            final boolean replaceable = down > order.cum && down >= venue.minQty() && down < order.qty;
            if (order.qty - order.cum < 2 || !replaceable || actionRandom.nextBoolean())
            {
                fixture.cancel(order.sent, key);
                check(fixture.typesSince(mark).equals(List.of("CancelSent")), "a cancel of a working order is sent");
                order.state = EngineOrderState.PENDING_CANCEL;
            }
            else
            {
                order.newQty = down;
                fixture.replace(order.sent, key, order.newQty, order.sent.price);
                check(fixture.typesSince(mark).equals(List.of("ReplaceSent")), "a replace down is sent, no gate");
                order.state = EngineOrderState.PENDING_REPLACE;
            }
            return;
        }
        check(fixture.typesSince(mark).isEmpty(), "a legal answer emits nothing: " + fixture.typesSince(mark));
    }

    private void sendFailed(final ModelOrder order, final int mark)
    {
        final BrokerErrorCode error = BrokerErrorCode.values()[random.nextInt(4)];
        final boolean finalAttempt = random.nextInt(100) < 10;
        fixture.sendFailed(order.sent, order.attempts, error, finalAttempt);
        if (!finalAttempt && order.attempts < MAX_ATTEMPTS)
        {
            order.attempts++;
            final CoreFixture.Sent retry = CoreFixture.Sent.of(fixture.only(mark, OrderSentDecoder.TEMPLATE_ID));
            check(retry.attempt == order.attempts && retry.clOrdId.equals(order.sent.clOrdId), "retry keeps the ClOrdID");
            retries++;
            return;
        }
        check(fixture.typesSince(mark).equals(List.of("Alert")), "giving up raises one alert");
        if (error != BrokerErrorCode.TIMEOUT)
        {
            terminate(order, EngineOrderState.REJECTED);
        }
        check(fixture.core.orderState(order.sent.key) == order.state, "order state agrees with the model after a failure");
    }

    private void illegalReport()
    {
        final int mark = fixture.mark();
        ModelOrder terminal = null;
        for (final ModelOrder order : orders)
        {
            if (!order.isWorking())
            {
                terminal = order;
                break;
            }
        }
        if (null != terminal && random.nextBoolean())
        {
            fixture.fill(terminal.sent, 1, terminal.sent.price);
            final List<AlertDecoder> alerts = fixture.alertsSince(mark);
            final boolean raced = (terminal.state == EngineOrderState.CANCELED ||
                terminal.state == EngineOrderState.EXPIRED) && terminal.cum < terminal.qty;
            if (raced)
            {
                // A fill racing the cancel/expiry happened at the venue: booked, state kept, RECONCILE alert.
                check(alerts.size() >= 1 && alerts.get(0).code() == AlertCode.RECONCILE, "fill after the end is booked");
                terminal.cum += 1;
                final long[] book = book(terminal.sent.symbol);
                book[0] += terminal.sideSign;
                book[3] = terminal.sent.price;
            }
            else
            {
                check(alerts.size() == 1 && alerts.get(0).code() == AlertCode.ILLEGAL_TRANSITION, "fill on a closed order");
            }
            check(fixture.core.orderState(terminal.sent.key) == terminal.state, "a report after the end leaves state");
        }
        else if (!orders.isEmpty())
        {
            final CoreFixture.Sent real = orders.get(random.nextInt(orders.size())).sent;
            final byte[] event = fixture.events.get(fixture.events.size() - 1).clone();
            final CoreFixture.Sent forged = forge(real);
            fixture.ack(forged);
            final List<AlertDecoder> alerts = fixture.alertsSince(mark);
            check(alerts.size() == 1 && alerts.get(0).code() == AlertCode.UNKNOWN_ORDER, "report for an unknown key");
            check(event.length > 0, "events kept");
        }
    }

    private CoreFixture.Sent forge(final CoreFixture.Sent real)
    {
        final byte[] bytes = new byte[512];
        final org.agrona.concurrent.UnsafeBuffer buffer = new org.agrona.concurrent.UnsafeBuffer(bytes);
        final byte[] key = real.key.clone();
        key[31] ^= 0x5A;
        new OrderSentEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .qty(real.qty).price(real.price).attempt(1).side(real.side).orderType(OrderType.LIMIT)
            .timeInForce(TimeInForce.DAY).symbol(real.symbol).traceId(real.traceId).clOrdId(real.clOrdId)
            .putIdempotencyKey(key, 0, 32);
        return CoreFixture.Sent.of(bytes);
    }

    private void terminate(final ModelOrder order, final EngineOrderState state)
    {
        order.state = state;
        final long[] book = book(order.sent.symbol);
        book[order.sideSign > 0 ? 1 : 2] -= order.qty - order.cum;
    }

    private void crossCheck()
    {
        for (final String symbol : SYMBOLS)
        {
            final long[] book = book(symbol);
            check(fixture.core.position(symbol) == book[0], symbol + " position agrees with the model");
            check(fixture.core.openQty(symbol, 1) == book[1], symbol + " working buy qty agrees with the model");
            check(fixture.core.openQty(symbol, -1) == book[2], symbol + " working sell qty agrees with the model");
        }
        check(fixture.core.outboxSize() == sentKeys.size(), "outbox holds each sent key exactly once");
    }

    private long[] book(final String symbol)
    {
        return books.computeIfAbsent(symbol, s -> new long[4]);
    }

    private void addOpen(final String symbol, final int sign, final long qty)
    {
        book(symbol)[sign > 0 ? 1 : 2] += qty;
    }

    private void advanceRateClock(final long ts)
    {
        rateNow = Math.max(rateNow, ts);
        evictRate();
    }

    private void evictRate()
    {
        while (rateCount > 0 && rateSends[rateHead] <= rateNow - 1_000_000_000L)
        {
            rateHead = (rateHead + 1) % rateSends.length;
            rateCount--;
        }
    }

    private void recordRate()
    {
        check(rateCount < rateSends.length, "rate window has room");
        rateSends[(rateHead + rateCount) % rateSends.length] = rateNow;
        rateCount++;
    }

    private static void check(final boolean condition, final String invariant)
    {
        if (!condition)
        {
            throw new AssertionError("invariant broken: " + invariant);
        }
    }

    private static final class ModelOrder
    {
        final CoreFixture.Sent sent;
        final int sideSign;
        EngineOrderState state = EngineOrderState.SENT;
        long cum;
        int attempts = 1;
        /** The order's qty: the sent qty until a Replaced. */
        long qty;
        long newQty;
        byte[] lastActionKey;

        ModelOrder(final CoreFixture.Sent sent, final int sideSign)
        {
            this.sent = sent;
            this.sideSign = sideSign;
            this.qty = sent.qty;
        }

        boolean isWorking()
        {
            return state == EngineOrderState.SENT || state == EngineOrderState.ACKED ||
                state == EngineOrderState.PARTIALLY_FILLED || state == EngineOrderState.REPLACED || isPending();
        }

        boolean isPending()
        {
            return state == EngineOrderState.PENDING_CANCEL || state == EngineOrderState.PENDING_REPLACE;
        }
    }
}
