package io.noctria.engine.fix;

/**
 * What the gateway remembers of each order it carried out, by ClOrdID: the fields an execution report does not carry
 * back but the engine's broker reports do (trace id, idempotency key), and the side and symbol an
 * OrderStatusRequest must name.
 *
 * @param traceId        the OrderSent's 64 trace id bytes.
 * @param idempotencyKey its 32 idempotency key bytes.
 * @param side           FIX Side (54): '1' buy, '2' sell.
 * @param symbol         FIX Symbol (55).
 */
record OrderContext(byte[] traceId, byte[] idempotencyKey, char side, String symbol)
{
}
