import { hostname } from 'node:os';
import { ConfigError, loadConfig, type Config } from '../config.js';

/** Loads the configuration or stops the process with one line per problem (exit code 2). */
export function configOrExit(overrides: Partial<Record<string, string>> = {}): Config {
  try {
    return loadConfig({ ...process.env, ...overrides }, hostname());
  } catch (error) {
    if (error instanceof ConfigError) {
      for (const line of error.problems) console.error(line);
      console.error('schoolbot: fix the variables above (see env.example) and start again.');
      process.exit(2);
    }
    throw error;
  }
}
