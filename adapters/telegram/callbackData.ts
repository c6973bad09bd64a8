// Button payloads: short ASCII `verb:arg[:arg]`, always within Telegram's 64-byte limit. A button only names
// an action and its target; the command service re-authorizes the person on every press.

/** Every button the bot shows, by meaning; the codes are what travels in callback_data. */
export const VERBS = {
  // Tickets
  takeTicket: 'tt',
  resolveTicket: 'tr',
  commentTicket: 'tc',
  priorityMenu: 'tp',
  setPriority: 'tq',
  confirmTicket: 'tf',
  reopenTicket: 'to',
  cancelTicket: 'tx',
  showTicket: 'ts',
  // Tasks
  acceptTask: 'ka',
  completeTask: 'kc',
  approveTask: 'kp',
  returnTask: 'kr',
  extendTask: 'ke',
  cancelTask: 'kx',
  showTask: 'ks',
  // Staff
  approveStaff: 'sa',
  changeRole: 'sr',
  deactivateStaff: 'sd',
  // Wizards (the draft lives in the conversation state; the argument picks an option)
  pickCategory: 'wc',
  pickAssignee: 'wa',
  skipPhoto: 'wp',
  confirmDraft: 'wy',
  discardDraft: 'wn',
  // Assigning tickets and technicians' categories (issue 13, item 6)
  assignMenu: 'tam',
  assignTo: 'taw',
  staffCategories: 'scm',
  staffCategoriesDone: 'scd',
  // Lists: another page of a list (adapters/telegram/paging.ts)
  listPage: 'lp',
  // Rooms (QR posters): open a ticket for a room; an admin changes a room's default category or its name
  roomTicket: 'qr',
  roomCategoryMenu: 'qc',
  setRoomCategory: 'qs',
  renameRoom: 'qn',
  // A ticket's photos (the card's "Фото (N)" button)
  ticketPhotos: 'tph',
  // Words written outside any step: open a ticket with them, or not (the words wait in the draft)
  offerTicket: 'fo',
  declineOffer: 'fn',
  // A deadline offered by the echo: one reading of an ambiguous phrase, or the school-time alternative / keep
  pickDeadline: 'dl',
  // Waiting on the author (two letters: a words action pressed in the group resumes by the deep link `ia_12`)
  askAuthor: 'ia',
  answerAuthor: 'ib',
  resumeTicket: 'ic',
  // The author's rating of a resolution: `rt:12:4-<resolution>`; skipping its comment: `rs:12`
  rateTicket: 'rt',
  skipRatingComment: 'rs',
  // /export: the kind chosen (xk:<kind>), then the period (xr:<kind>:<preset>)
  exportKind: 'xk',
  exportRun: 'xr',
  // Recurring orders (/repeat): the assignee picked, the day-off choice (ed:next|skip), create or save; and a
  // recurrence's buttons (`ep:<id>`: pause, resume, change, stop)
  recurrenceAssignee: 'ea',
  recurrenceDayOff: 'ed',
  recurrenceConfirm: 'ey',
  recurrencePause: 'ep',
  recurrenceResume: 'er',
  recurrenceChange: 'ec',
  recurrenceStop: 'ex',
  // "Об этом уже сообщили" (issue 15, item 6): join an offered ticket (jy:124) or open one's own (jn); merge a
  // ticket into another (um:125, then its number is asked)
  joinTicket: 'jy',
  declineDuplicates: 'jn',
  mergeTicket: 'um',
  // A room's history (issue 15, item 5): open it (mh:<room>), another page (mp:<room>:<page>), give a ticket its room (ms:<n>)
  roomHistory: 'mh',
  roomHistoryPage: 'mp',
  setTicketRoom: 'ms',
  // Staff groups in /staff (issue 15, item 1): the list, a new one, a group's card, add (search, then pick),
  // drop a member, rename, remove (ask, then yes)
  groupList: 'gl',
  groupCreate: 'gn',
  groupShow: 'gs',
  groupAdd: 'ga',
  groupPick: 'gp',
  groupDrop: 'gd',
  groupRename: 'gr',
  groupRemove: 'gx',
  groupRemoveYes: 'gy',
  // One order to many (issue 15, item 2): /task's "several" menu, by group / role / people (toggle, done); the
  // issuer's summary card, its reminder and cancellation (ask, then yes); the issuer's list
  orderMany: 'om',
  orderGroup: 'og',
  orderRole: 'or',
  orderPeople: 'op',
  orderToggle: 'ot',
  orderPicked: 'od',
  orderShow: 'ov',
  orderRemind: 'orm',
  orderCancel: 'ox',
  orderCancelYes: 'oy',
  orderList: 'ol',
  // A request for access (issue 18): approve (then the role is chosen) or reject it, from the admins' message
  approveRequest: 'va',
  rejectRequest: 'vr',
} as const;

export type Verb = keyof typeof VERBS;
export interface CallbackAction {
  verb: Verb;
  args: string[];
}

const VERB_BY_CODE = new Map<string, Verb>(Object.entries(VERBS).map(([verb, code]) => [code, verb as Verb]));
const ARG = /^[A-Za-z0-9_-]{1,24}$/;
const MAX_ARGS = 2;
/** Telegram's limit for callback_data, in bytes (Cyrillic takes two a letter). */
const CALLBACK_DATA_MAX_BYTES = 64;

/** Encodes a button's action. Throws on an argument that is not short ASCII: that is a bug, not input. */
export function encodeCallback(verb: Verb, ...args: Array<string | number>): string {
  if (args.length > MAX_ARGS) throw new Error(`callback ${verb}: at most ${MAX_ARGS} arguments`);
  const parts = args.map(String);
  for (const part of parts) if (!ARG.test(part)) throw new Error(`callback ${verb}: argument "${part}" is not short ASCII`);
  return [VERBS[verb], ...parts].join(':');
}

/** Decodes callback data; anything malformed (old, forged or foreign) is undefined. */
export function decodeCallback(data: string | undefined): CallbackAction | undefined {
  if (!data || Buffer.byteLength(data) > CALLBACK_DATA_MAX_BYTES) return undefined;
  const [code, ...args] = data.split(':');
  const verb = code === undefined ? undefined : VERB_BY_CODE.get(code);
  if (!verb || args.length > MAX_ARGS || !args.every((a) => ARG.test(a))) return undefined;
  return { verb, args };
}
