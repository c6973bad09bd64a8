// The stand-in keeps one conversation across a Redis outage: a step taken during the outage is not hidden by
// the older draft Redis still holds once it answers again, a draft cleared during it is not revived, and a
// draft the stand-in never saw is reported unavailable (the person is told to repeat) rather than taken as none.
import { describe, expect, it } from 'vitest';
import { withInProcessFallback } from '../../../application/conversationFallback.js';
import { StateUnavailableError, type ConversationState } from '../../../application/ports/conversationState.js';
import { createInProcessConversationState } from '../../../adapters/memory/conversationState.js';

/** An in-process store that can be switched off: every call then fails as Redis's adapter does. */
function switchable(): { state: ConversationState; down: boolean } {
  const inner = createInProcessConversationState();
  const handle = { down: false, state: inner };
  const guard =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> =>
      handle.down ? Promise.reject(new StateUnavailableError(new Error('down'))) : call(...args);
  handle.state = {
    ...inner,
    get: guard((key: string) => inner.get(key)),
    set: guard((key: string, value: unknown, ttl: number) => inner.set(key, value, ttl)),
    delete: guard((key: string) => inner.delete(key)),
  } as ConversationState;
  return handle;
}

describe('conversation state with the in-process stand-in', () => {
  it('a draft advanced during the outage is the one read after it, and is carried into Redis', async () => {
    const redis = switchable();
    const state = withInProcessFallback(redis.state, createInProcessConversationState());
    await state.set('draft:1', { step: 'title' }, 900);
    redis.down = true;
    await state.set('draft:1', { step: 'deadline' }, 900);
    expect(await state.get('draft:1')).toEqual({ step: 'deadline' });
    redis.down = false;
    expect(await state.get('draft:1')).toEqual({ step: 'deadline' });
    expect(await redis.state.get('draft:1')).toEqual({ step: 'deadline' });
  });

  it('a draft cleared during the outage stays cleared once Redis answers again', async () => {
    const redis = switchable();
    const state = withInProcessFallback(redis.state, createInProcessConversationState());
    await state.set('draft:2', { step: 'comment' }, 900);
    redis.down = true;
    await state.delete('draft:2');
    redis.down = false;
    expect(await state.get('draft:2')).toBeUndefined();
    expect(await redis.state.get('draft:2')).toBeUndefined();
  });

  it('during the outage a draft the stand-in never saw is unavailable, not absent', async () => {
    const redis = switchable();
    const state = withInProcessFallback(redis.state, createInProcessConversationState());
    await state.set('draft:3', { step: 'comment' }, 900);
    redis.down = true;
    await expect(state.get('draft:3')).rejects.toBeInstanceOf(StateUnavailableError);
    redis.down = false;
    expect(await state.get('draft:3')).toEqual({ step: 'comment' });
  });

  it('a write once Redis answers again replaces the outage value for good', async () => {
    const redis = switchable();
    const state = withInProcessFallback(redis.state, createInProcessConversationState());
    redis.down = true;
    await state.set('draft:4', { step: 'during' }, 900);
    redis.down = false;
    await state.set('draft:4', { step: 'after' }, 900);
    expect(await state.get('draft:4')).toEqual({ step: 'after' });
    redis.down = true;
    await expect(state.get('draft:4')).rejects.toBeInstanceOf(StateUnavailableError);
  });
});
