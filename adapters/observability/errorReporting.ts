// Failures in update handlers, projectors and reactions go to GlitchTip (Sentry's protocol) when
// GLITCHTIP_DSN is set. A client of our own, not Sentry.init(): no global hooks, no auto-instrumentation,
// no sessions (GlitchTip has none), no tracing. What leaves the process is the error's type, message and
// stack, a few tags, and a hashed user id — every event passes through scrubEvent() first.
import { createHmac } from 'node:crypto';
import type { Event, NodeClient, Scope } from '@sentry/node';

export type FailureSource = 'update' | 'projector' | 'reaction' | 'scheduler' | 'worker';

export interface FailureContext {
  source: FailureSource;
  /** Which projector, reaction, scheduler or command failed (a code name, never user text). */
  name?: string;
  /** The Telegram update's kind ('message', 'callback_query', …). */
  updateKind?: string;
  updateId?: number;
  /** The Telegram user involved; sent only as a keyed hash. */
  userId?: number | string;
  /** What the person wrote (the update's text, caption): cut out wherever it shows up in the error. */
  privateTexts?: readonly (string | undefined)[];
}

export interface ErrorReporter {
  readonly enabled: boolean;
  /** Sends the failure in the background; never throws. */
  report(error: unknown, context: FailureContext): void;
  /** Sends what is queued (on shutdown). */
  close(timeoutMs?: number): Promise<void>;
}

export interface ErrorReportingOptions {
  /** GLITCHTIP_DSN; without it the reporter does nothing. */
  dsn: string | undefined;
  environment: string;
  release: string;
  role: string;
  /** Keys the user-id hash so ids cannot be recovered by hashing every possible id. */
  userIdKey: string;
  /** Strings that must never leave the process (tokens, secrets); replaced wherever they appear. */
  secrets?: readonly (string | undefined)[];
}

const disabledErrorReporter: ErrorReporter = {
  enabled: false,
  report: () => undefined,
  close: async () => undefined,
};

/**
 * @sentry/node is loaded only when a DSN is set: it costs over a second of CPU and about 40 MB to load, which
 * a school without GlitchTip would pay at every start. Failures reported while it loads wait for it.
 */
async function startClient(options: ErrorReportingOptions & { dsn: string }): Promise<{ client: NodeClient; scope: Scope }> {
  const sentry = await import('@sentry/node');
  const secrets = options.secrets?.filter((secret): secret is string => !!secret && secret.length >= 8) ?? [];
  const client = new sentry.NodeClient({
    dsn: options.dsn,
    environment: options.environment,
    release: options.release,
    transport: sentry.makeNodeTransport,
    stackParser: sentry.defaultStackParser,
    integrations: [sentry.dedupeIntegration(), sentry.linkedErrorsIntegration()],
    sendClientReports: false,
    maxBreadcrumbs: 0,
    // v11 replaced sendDefaultPii with dataCollection: collect nothing beyond the error itself.
    dataCollection: {
      userInfo: false,
      cookies: false,
      httpHeaders: false,
      httpBodies: [],
      urlQueryParams: false,
      stackFrameVariables: false,
      databaseQueryData: false,
    },
    beforeSend: (event) => scrubEvent(event, secrets),
  });
  const scope = new sentry.Scope();
  scope.setClient(client);
  scope.setTags({ role: options.role, environment: options.environment, release: options.release });
  client.init();
  return { client, scope };
}

export function createErrorReporter(options: ErrorReportingOptions): ErrorReporter {
  const { dsn } = options;
  if (!dsn) return disabledErrorReporter;
  // Error reporting must never become the error: a client that cannot start reports nothing.
  const started = startClient({ ...options, dsn }).catch(() => undefined);

  return {
    enabled: true,
    report(error, context) {
      void started.then((reporting) => {
        if (!reporting) return;
        try {
          const eventScope = reporting.scope.clone();
          eventScope.setTag('source', context.source);
          if (context.name) eventScope.setTag('component', context.name);
          if (context.updateKind) eventScope.setTag('update_kind', context.updateKind);
          if (context.updateId !== undefined) eventScope.setTag('update_id', String(context.updateId));
          if (context.userId !== undefined) eventScope.setUser({ id: hashUserId(context.userId, options.userIdKey) });
          const texts = context.privateTexts?.filter((text): text is string => !!text && text.trim().length >= 3);
          if (texts?.length) eventScope.addEventProcessor((event) => scrubEvent(event, texts, '[text]'));
          eventScope.captureException(error);
        } catch {
          // Error reporting must never become the error.
        }
      });
    },
    async close(timeoutMs = 2_000) {
      const reporting = await started;
      await reporting?.client.close(timeoutMs);
    },
  };
}

/** A stable pseudonym: the same person has the same id in GlitchTip, but the id cannot be read back. */
export function hashUserId(userId: number | string, key: string): string {
  return createHmac('sha256', key).update(String(userId)).digest('hex').slice(0, 16);
}

const TOKEN_PATTERNS: readonly RegExp[] = [
  /\b\d{5,}:[A-Za-z0-9_-]{30,}\b/g, // Telegram bot tokens
  /(Bearer\s+)[^\s"']+/gi,
  /(\/\/[^:/\s]+:)[^@/\s]+@/g, // passwords in URLs (postgres://user:secret@host)
];

/**
 * Staff write in Russian and our own messages are English, so any run of Cyrillic words in an error is
 * someone's text (a title, a name, a comment) that slipped into a message: it is cut out even when the
 * caller could not name it in `privateTexts`.
 */
const CYRILLIC_TEXT = /\p{Script=Cyrillic}+(?:[\s\d.,:;!?()"'«»№-]+\p{Script=Cyrillic}+)*/gu;

/** Keeps an error's type, message and stack; drops everything that could carry people's words or secrets. */
function scrubEvent<E extends Event>(event: E, secrets: readonly string[], replacement = '[secret]'): E {
  const scrub = (text: string) => {
    let result = text;
    for (const secret of secrets) result = result.split(secret).join(replacement);
    for (const pattern of TOKEN_PATTERNS) result = result.replace(pattern, (_match, prefix?: string) => `${typeof prefix === 'string' ? prefix : ''}[secret]`);
    return result.replace(CYRILLIC_TEXT, '[text]');
  };
  delete event.request;
  delete event.extra;
  delete event.breadcrumbs;
  delete event.server_name;
  if (event.user) event.user = event.user.id === undefined ? {} : { id: event.user.id };
  if (event.contexts) {
    const { os, runtime, app } = event.contexts;
    event.contexts = { ...(os ? { os } : {}), ...(runtime ? { runtime } : {}), ...(app ? { app } : {}) };
  }
  if (event.message) event.message = scrub(event.message);
  for (const exception of event.exception?.values ?? []) {
    if (exception.value) exception.value = scrub(exception.value);
    for (const frame of exception.stacktrace?.frames ?? []) {
      delete frame.vars;
      // Source lines around a frame are our own code, but a literal token in a test or script is not.
      if (frame.context_line) frame.context_line = scrub(frame.context_line);
      if (frame.pre_context) frame.pre_context = frame.pre_context.map(scrub);
      if (frame.post_context) frame.post_context = frame.post_context.map(scrub);
    }
  }
  return event;
}
