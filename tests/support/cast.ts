// The named people the domain tests and properties act as: every role, a category technician, a deactivated
// and an unapproved person, and the scheduler. Shrunk counterexamples read with these names.
import type { Actor } from '../../domain/index.js';
import { SYSTEM_ACTOR_ID } from '../../domain/index.js';

export const person = (id: string, role: Actor['role'], extra: Partial<Actor> = {}): Actor => ({
  id,
  role,
  active: true,
  categories: [],
  ...extra,
});

export const people = {
  tanya: person('101', 'teacher'),
  olga: person('102', 'teacher'),
  ivan: person('201', 'technician'),
  petr: person('202', 'technician', { categories: ['maintenance'] }),
  deputy: person('301', 'deputy'),
  director: person('302', 'director'),
  auditor: person('401', 'auditor'),
  admin: person('501', 'admin'),
  // A deactivated technician: the role would permit work on tickets, only the status refuses it.
  gone: person('601', 'technician', { active: false }),
  guest: person('701', 'guest', { active: false }),
  system: person(SYSTEM_ACTOR_ID, 'system'),
} as const;
