package io.noctria.engine.fix;

/**
 * What the gateway remembers of each ClOrdID it sent, by that ClOrdID: the order it names (an order's own ClOrdID
 * names itself; a cancel's or replace's names the order it acts on) and the fields an execution report does not carry
 * back but the engine's broker reports do (the order's ClOrdID, trace id and idempotency key), with the side and
 * symbol an OrderStatusRequest must name.
 *
 * @param clOrdId        the order's own ClOrdID (N…): the identity every broker report carries, whichever ClOrdID
 *                       (the order's, a cancel's or a replace's) the venue's report names.
 * @param traceId        the order's 64 trace id bytes.
 * @param idempotencyKey the order's 32 idempotency key bytes.
 * @param side           FIX Side (54): '1' buy, '2' sell.
 * @param symbol         FIX Symbol (55).
 * @param price          the price this ClOrdID was sent with (an order's, or the new price of a replace; 0 for a
 *                       cancel): what a Replaced report takes when the venue's ExecutionReport carries no Price (44),
 *                       as for a MARKET order, whose price is the engine's reference price.
 */
record OrderContext(String clOrdId, byte[] traceId, byte[] idempotencyKey, char side, String symbol, long price)
{
    /** @return whether {@code other} names the same order as this. */
    boolean sameOrder(final OrderContext other)
    {
        return other != null && clOrdId.equals(other.clOrdId);
    }
}
