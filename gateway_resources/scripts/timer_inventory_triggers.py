# Gateway timer event script "MES inventory triggers": fixed delay, 250 ms, dedicated thread.
# One tick evaluates every EXPRESSION-triggered inventory operation (one tag read for all).
mes.inventory.operation.tick()
