// A failed command says what went wrong and how to fix it in one line; `--verbose` adds the stack.
// Connection errors are named by where the command tried to connect, never with a password.

import { DataDirLockedError } from '../../adapters/sql/dataDirLock.js';

interface ErrorLike {
  message?: string;
  code?: string;
  address?: string;
  port?: number;
  errors?: unknown[];
  response?: { error_code?: number; description?: string };
}

/** An error whose message is already the one line for the operator (e.g. a held data-directory lock). */
export class OperatorError extends Error {
  override readonly name = 'OperatorError';
}

function codeOf(error: unknown): ErrorLike | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const like = error as ErrorLike;
  if (like.code) return like;
  // Node's happy-eyeballs connect fails with an AggregateError whose message is empty: look inside.
  if (Array.isArray(like.errors)) for (const inner of like.errors) if (codeOf(inner)) return codeOf(inner);
  return undefined;
}

/** Where the configured database lives, for the message: host:port/database, no user or password. */
function databaseWhere(env: NodeJS.ProcessEnv): string | undefined {
  if (!env.DATABASE_URL) return undefined;
  try {
    const url = new URL(env.DATABASE_URL);
    return `${url.hostname}:${url.port || '5432'}${url.pathname}`;
  } catch {
    return undefined;
  }
}

/** The Bot API origin of a failed Telegram request (telegraf's fetch errors name the URL, token included: keep only the origin). */
function telegramOrigin(message: string): string | undefined {
  return /request to (https?:\/\/[^/\s]+)\/bot/.exec(message)?.[1];
}

/** The one line a person sees (without the "(--verbose …)" hint). */
export function describeFailure(error: unknown, env: NodeJS.ProcessEnv = process.env): string {
  if (error instanceof OperatorError || error instanceof DataDirLockedError) return error.message;
  const coded = codeOf(error);
  const message = (error instanceof Error ? error.message : String(error)) || coded?.message || String(error);
  const where = coded?.address ? `${coded.address}${coded.port ? `:${coded.port}` : ''}` : databaseWhere(env);
  const database = databaseWhere(env);
  const telegram = telegramOrigin(message);
  if (telegram && coded?.code) {
    return `cannot reach the Telegram Bot API at ${telegram} (${coded.code}). Fix: let this server reach it (DNS, firewall, proxy), or correct TELEGRAM_API_ROOT`;
  }
  const telegramStatus = typeof error === 'object' && error !== null ? (error as ErrorLike).response?.error_code : undefined;
  if (telegramStatus === 401 || telegramStatus === 404) {
    return `Telegram refused TELEGRAM_TOKEN (${telegramStatus}). Fix: copy the bot's token from @BotFather again (/mybots → API Token)`;
  }
  switch (coded?.code) {
    case 'ECONNREFUSED':
    case 'EHOSTUNREACH':
    case 'ETIMEDOUT':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    {
      const isDatabase = database !== undefined && (coded.port === undefined || database.includes(`:${coded.port}/`));
      const target = isDatabase ? `the database at ${database}` : (where ?? 'a dependency');
      const fix = isDatabase ? 'start PostgreSQL, or correct DATABASE_URL' : 'start it, or correct its URL (REDIS_URL, EVENTSTORE_URL)';
      return `cannot reach ${target} (${coded.code}). Fix: ${fix}; \`schoolbot doctor\` checks every dependency`;
    }
    case '28P01':
    case '28000':
      return `the database at ${database ?? 'DATABASE_URL'} refused the login (${message}). Fix: the user and password in DATABASE_URL`;
    case '3D000':
      return `${message} at ${database ?? 'DATABASE_URL'}. Fix: create it (createdb) or correct the database name in DATABASE_URL`;
    case 'EACCES':
    case 'EROFS':
      return `${message}. Fix: let the user running schoolbot write there, or point DATA_DIR elsewhere`;
    default:
      return message;
  }
}

/** Prints the failure and sets exit code 1. */
export function reportFailure(error: unknown, verbose: boolean, env: NodeJS.ProcessEnv = process.env): void {
  if (verbose) {
    console.error(error instanceof Error && error.stack ? error.stack : String(error));
    console.error(`schoolbot: ${describeFailure(error, env)}`);
  } else {
    console.error(`schoolbot: ${describeFailure(error, env)} (--verbose for the stack)`);
  }
  process.exitCode = 1;
}
