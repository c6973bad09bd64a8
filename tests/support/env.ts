// Puts process.env back as it was, in place. Assigning a copy (`process.env = saved`) would leave the worker
// a plain object for process.env, and test files share a worker process (isolate: false in vitest.config.ts).
export function restoreEnv(saved: NodeJS.ProcessEnv): void {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  for (const [key, value] of Object.entries(saved)) if (value !== undefined) process.env[key] = value;
}
