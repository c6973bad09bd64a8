// The HTTP surface: fastify with pino logging. Each concern (health, metrics, webhook, audit API)
// registers its own routes; the composition root decides which are present.
import Fastify, { type FastifyInstance } from 'fastify';

export interface HttpServerOptions {
  logLevel: string;
  /** Extra pino options (tests silence it). */
  logger?: boolean;
  /** Human-readable lines through pino-pretty instead of JSON (a person at a terminal). */
  pretty?: boolean;
}

/** pino-pretty in pino's transport thread: local time, no pid/host noise. */
const PRETTY_TRANSPORT = {
  target: 'pino-pretty',
  options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', singleLine: false },
};

export function createHttpServer(options: HttpServerOptions): FastifyInstance {
  return Fastify({
    logger:
      options.logger === false
        ? false
        : {
            level: options.logLevel,
            ...(options.pretty ? { transport: PRETTY_TRANSPORT } : {}),
            redact: { paths: ['req.headers.authorization', 'req.headers["x-telegram-bot-api-secret-token"]'], remove: true },
          },
    // Telegram webhooks and audit calls are small; a 1 MB limit keeps a forged body from hurting us.
    bodyLimit: 1_048_576,
  });
}
