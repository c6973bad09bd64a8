// Staff group events: a named set of staff an admin keeps ("Классные руководители 5–7"), so that one order
// can go to all of them. A person may be in several groups. The stream is `group-<groupId>`.
import { z } from 'zod';
import type { DomainEvent } from '../shared/command.js';
import { actorIdSchema, isoTimeSchema, telegramIdSchema, textSchema } from '../shared/values.js';

/** A short ASCII slug the application derives from the defining command: it fits a button's argument. */
export const GROUP_ID_MAX = 16;
export const groupIdSchema = z.string().regex(new RegExp(`^[a-z0-9]{1,${GROUP_ID_MAX}}$`), 'a group id');

export const staffGroupDefinedSchema = z.object({
  groupId: groupIdSchema,
  name: textSchema,
  definedBy: actorIdSchema,
  definedAt: isoTimeSchema,
});

export const staffGroupRenamedSchema = z.object({
  groupId: groupIdSchema,
  name: textSchema,
  previousName: textSchema,
  renamedBy: actorIdSchema,
  renamedAt: isoTimeSchema,
});

/** Who joined and who left; `members` is the whole set after the change, so a reader needs no earlier event. */
export const staffGroupMembersChangedSchema = z.object({
  groupId: groupIdSchema,
  added: z.array(telegramIdSchema),
  removed: z.array(telegramIdSchema),
  members: z.array(telegramIdSchema),
  changedBy: actorIdSchema,
  changedAt: isoTimeSchema,
});

export const staffGroupRemovedSchema = z.object({
  groupId: groupIdSchema,
  name: textSchema,
  removedBy: actorIdSchema,
  removedAt: isoTimeSchema,
});

export const groupEventSchemas = {
  StaffGroupDefined: staffGroupDefinedSchema,
  StaffGroupRenamed: staffGroupRenamedSchema,
  StaffGroupMembersChanged: staffGroupMembersChangedSchema,
  StaffGroupRemoved: staffGroupRemovedSchema,
} as const;

export type GroupEventType = keyof typeof groupEventSchemas;

export const groupEventSchemaVersions: Readonly<Record<GroupEventType, number>> = {
  StaffGroupDefined: 1,
  StaffGroupRenamed: 1,
  StaffGroupMembersChanged: 1,
  StaffGroupRemoved: 1,
};

export type GroupEventOf<T extends GroupEventType> = DomainEvent<T, z.infer<(typeof groupEventSchemas)[T]>>;
export type GroupEvent = { [T in GroupEventType]: GroupEventOf<T> }[GroupEventType];

export const GROUP_EVENT_TYPES = Object.keys(groupEventSchemas) as GroupEventType[];
