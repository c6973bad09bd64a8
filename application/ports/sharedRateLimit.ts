// Telegram's limits are per bot token, not per process: with several bot replicas the send budget is shared
// (Redis implements it in adapters/redis/sharedRateLimit.ts; one process needs none).

export interface SharedRateLimit {
  /**
   * Reserves one send to `chatId`: 0 to go now, or the milliseconds to wait before asking again. `weight` is
   * how many messages it counts as toward the bot's overall budget (an album of N photos: N; default 1).
   */
  reserve(chatId: string, intervalMs: number, weight?: number): Promise<number>;
}
