// The calendar file on disk. A missing file is a school without vacations, not an error; any other failure
// (a directory, no permission) is.
import { readFile } from 'node:fs/promises';
import type { CalendarFile } from '../../application/ports/calendarFile.js';

export function calendarFileAt(path: string): CalendarFile {
  return {
    path,
    async read() {
      try {
        return await readFile(path, 'utf8');
      } catch (error) {
        if ((error as { code?: string }).code === 'ENOENT') return undefined;
        throw error;
      }
    },
  };
}
