/** The school's calendar file (SCHOOL_CALENDAR_FILE): its text, or undefined when there is no such file. */
export interface CalendarFile {
  /** As the operator wrote it, for messages. */
  readonly path: string;
  read(): Promise<string | undefined>;
}
