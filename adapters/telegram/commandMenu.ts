// The command menu Telegram shows beside the text field (setMyCommands): what anyone sees by default, and per
// chat what the person's role may use — the same commands /help lists for that role (texts.help).
import type { Role } from '../../domain/index.js';
import { texts } from './texts.js';

export interface MenuCommand {
  command: string;
  description: string;
}

type MenuEntry = keyof typeof texts.commandMenu;

const entries = (names: readonly MenuEntry[]): MenuCommand[] => names.map((command) => ({ command, description: texts.commandMenu[command] }));

const EVERYONE: readonly MenuEntry[] = ['new', 'my', 'tasks', 'ticket', 'find', 'room'];
const TECHNICIAN: readonly MenuEntry[] = ['queue'];
const MANAGER: readonly MenuEntry[] = ['task', 'kpi', 'history', 'export', 'repeat', 'orders'];
const AUDITOR: readonly MenuEntry[] = ['kpi', 'history', 'export'];
const ADMIN: readonly MenuEntry[] = ['staff', 'rooms'];
/** Technicians and managers merge duplicate tickets. */
const MERGE: readonly MenuEntry[] = ['merge'];
const LAST: readonly MenuEntry[] = ['help', 'cancel'];

/** Per role, as /help lists them: technicians and admins see the queue; managers (deputy, director, admin) task, KPI and history; both merge duplicates. */
const BY_ROLE: Record<Role, readonly MenuEntry[]> = {
  teacher: [...EVERYONE, ...LAST],
  technician: [...EVERYONE, ...TECHNICIAN, ...MERGE, ...LAST],
  deputy: [...EVERYONE, ...MANAGER, ...MERGE, ...LAST],
  director: [...EVERYONE, ...MANAGER, ...MERGE, ...LAST],
  auditor: [...EVERYONE, ...AUDITOR, ...LAST],
  admin: [...EVERYONE, ...TECHNICIAN, ...MANAGER, ...MERGE, ...ADMIN, ...LAST],
};

/** What anyone sees before the bot knows them (the default scope). */
export const defaultCommandMenu = (): MenuCommand[] => entries(['start', 'help', ...EVERYONE, 'cancel']);

/** A person's own menu; `null` for someone whose access was switched off: only /start and /help. */
export const commandMenuFor = (role: Role | null): MenuCommand[] => (role === null ? entries(['start', 'help']) : entries(BY_ROLE[role]));
