// One handled update as the flows see it: who is speaking, their wizard draft, and how to answer. Flows
// never call Telegram directly (replies go through the send queue) and never touch SQL or the event store.
import type { Context } from 'telegraf';
import type { Person } from '../../application/people.js';
import type { InlineButton, OutgoingMessage } from './sendQueue.js';
import type { Verb } from './callbackData.js';
import type { BotDependencies } from './dependencies.js';

/** A wizard's position and what it has gathered so far; lives 15 minutes in the conversation store. */
export interface Draft {
  flow: string;
  step: string;
  data: Record<string, unknown>;
}

export interface IncomingPhoto {
  fileId: string;
  fileUniqueId: string;
}

export interface Turn {
  readonly ctx: Context;
  readonly deps: BotDependencies;
  readonly updateId: number;
  readonly chatId: string;
  /** The speaker's Telegram id (decimal string). */
  readonly userId: string;
  readonly username: string | null;
  /** The speaker, resolved once for this update; every command of the update is issued as them. */
  readonly person: Person;
  readonly now: Date;
  /** A command id derived from the update, stable across Telegram's redeliveries. */
  commandId(step?: string): string;
  reply(text: string, keyboard?: InlineButton[][]): void;
  send(message: Omit<OutgoingMessage, 'chatId'> & { chatId?: string }): void;
  draft(): Promise<Draft | undefined>;
  saveDraft(draft: Draft): Promise<void>;
  clearDraft(): Promise<void>;
  /** Keeps a draft in the speaker's private chat with the bot (an action started in a group goes on there). */
  savePrivateDraft(draft: Draft): Promise<void>;
}

export interface StepInput {
  text?: string;
  photo?: IncomingPhoto;
}

/** What one flow file contributes: its commands, its buttons and its wizard steps. */
export interface Flow {
  commands?: Record<string, (turn: Turn, args: string) => Promise<void>>;
  callbacks?: Partial<Record<Verb, (turn: Turn, args: string[]) => Promise<void>>>;
  /** Keyed by Draft.flow: handles a message while that flow's draft is active. */
  steps?: Record<string, (turn: Turn, draft: Draft, input: StepInput) => Promise<void>>;
  /** Handles a message outside any wizard (at most one flow sets it). */
  fallback?: (turn: Turn, input: StepInput) => Promise<void>;
}

export const button = (text: string, data: string): InlineButton => ({ text, data });
