// A refused command is a value, not an exception: the adapters turn the code into a Russian sentence.

/** Every reason a command can be refused; the adapters keep one Russian sentence per code. */
export const REFUSAL_CODES = [
  'actor_unknown',
  'actor_pending',
  'actor_inactive',
  'not_permitted',
  'not_found',
  'already_exists',
  'invalid_transition',
  'invalid_input',
  'category_not_allowed',
  'assignee_not_eligible',
  'no_change',
  'reason_required',
  'deadline_in_past',
  'deadline_not_later',
  'deadline_not_passed',
  'already_recorded',
  'reopen_window_passed',
  'auto_close_not_due',
  'concurrency_conflict',
  'waiting_not_due',
  'rating_window_passed',
] as const;

export type RefusalCode = (typeof REFUSAL_CODES)[number];

export type RefusalDetails = Readonly<Record<string, string | number | boolean | null>>;

export interface Refusal {
  readonly code: RefusalCode;
  /** English, for logs and developers; staff see a text chosen by `code`. */
  readonly message: string;
  readonly details: RefusalDetails;
}

export type Decision<Event> =
  { readonly ok: true; readonly events: Event[] } | { readonly ok: false; readonly refusal: Refusal };

export const accept = <Event>(...events: Event[]): Decision<Event> => ({ ok: true, events });
