// Telegram's limits are per bot token, not per process: with several bot replicas the send budget is shared
// (Redis implements it in adapters/redis/sharedRateLimit.ts; one process needs none).

export interface SharedRateLimit {
  /** Reserves one send to `chatId`: 0 to go now, or the milliseconds to wait before asking again. */
  reserve(chatId: string, intervalMs: number): Promise<number>;
}
