// The commands behind the card's "Назначить" and /staff's "Категории", in memory: who may assign a ticket
// and to whom, and changing a technician's categories while keeping their role. A refusal appends nothing.
import { describe, expect, it } from 'vitest';
import { ADMIN, allEvents, createSchool, staffUp } from './support.js';

const ticketInput = { title: 'Tap leaking', category: 'maintenance', location: 'canteen' };

describe('assignTicket', () => {
  it('a deputy assigns an open ticket to a technician; an admin reassigns it, naming the previous one', async () => {
    const { commands, as, store } = createSchool();
    await staffUp(commands);
    await commands.register(await as('202'), { fullName: 'Second Technician' }, {});
    await commands.approveStaff(await as(ADMIN), { telegramId: '202', role: 'technician', categories: ['maintenance'] }, {});
    expect(await commands.openTicket(await as('101'), ticketInput, {})).toMatchObject({ ok: true, number: 1 });
    expect(await commands.assignTicket(await as('301'), { number: 1, assigneeId: '201' }, {})).toMatchObject({ ok: true, number: 1 });
    expect(await commands.assignTicket(await as(ADMIN), { number: 1, assigneeId: '202' }, {})).toMatchObject({ ok: true });
    const assigned = (await allEvents(store)).filter((e) => e.type === 'TicketAssigned').map((e) => e.data);
    expect(assigned).toMatchObject([
      { assigneeId: '201', assignedBy: '301', previousAssigneeId: null },
      { assigneeId: '202', assignedBy: ADMIN, previousAssigneeId: '201' },
    ]);
  });

  it('refuses a non-manager, a non-technician assignee, a deactivated technician and a closed ticket; appends nothing', async () => {
    const { commands, as, store } = createSchool();
    await staffUp(commands);
    await commands.openTicket(await as('101'), ticketInput, {});
    const before = (await allEvents(store)).length;
    const refusalOf = async (who: string, number: number, assigneeId: string) => {
      const result = await commands.assignTicket(await as(who), { number, assigneeId }, {});
      return result.ok ? 'accepted' : result.refusal.code;
    };
    expect(await refusalOf('101', 1, '201')).toBe('not_permitted');
    expect(await refusalOf('201', 1, '201')).toBe('not_permitted');
    expect(await refusalOf('401', 1, '201')).toBe('not_permitted');
    expect(await refusalOf('301', 1, '101')).toBe('assignee_not_eligible');
    expect(await refusalOf('301', 1, '301')).toBe('assignee_not_eligible');
    expect(await refusalOf('301', 1, '401')).toBe('assignee_not_eligible');
    expect(await refusalOf('301', 1, '999')).toBe('assignee_not_eligible');
    expect(await refusalOf('301', 9, '201')).toBe('not_found');
    expect((await allEvents(store)).length).toBe(before);

    await commands.deactivate(await as(ADMIN), { telegramId: '201', reason: 'left' }, {});
    const afterDeactivation = (await allEvents(store)).length;
    expect(await refusalOf('301', 1, '201')).toBe('assignee_not_eligible');
    expect((await allEvents(store)).length).toBe(afterDeactivation);
    await commands.reactivate(await as(ADMIN), { telegramId: '201' }, {});
    await commands.cancelTicket(await as('101'), { number: 1, reason: 'fixed it myself' }, {});
    const afterCancel = (await allEvents(store)).length;
    expect(await refusalOf('301', 1, '201')).toBe('invalid_transition');
    expect((await allEvents(store)).length).toBe(afterCancel);
  });
});

describe('changeCategories', () => {
  it('keeps the role and records the categories; the same set again is no change; only admins', async () => {
    const { commands, as, store } = createSchool();
    await staffUp(commands);
    expect(await commands.changeCategories(await as(ADMIN), { telegramId: '201', categories: ['it', 'maintenance'] }, {})).toMatchObject({ ok: true });
    expect(await as('201')).toMatchObject({ role: 'technician', categories: ['it', 'maintenance'] });
    const changed = (await allEvents(store)).filter((e) => e.type === 'StaffRoleChanged').map((e) => e.data);
    expect(changed).toMatchObject([{ from: 'technician', to: 'technician', categories: ['it', 'maintenance'] }]);

    const before = (await allEvents(store)).length;
    expect(await commands.changeCategories(await as(ADMIN), { telegramId: '201', categories: ['maintenance', 'it'] }, {})).toMatchObject({
      ok: false,
      refusal: { code: 'no_change' },
    });
    expect(await commands.changeCategories(await as('301'), { telegramId: '201', categories: [] }, {})).toMatchObject({
      ok: false,
      refusal: { code: 'not_permitted' },
    });
    expect(await commands.changeCategories(await as(ADMIN), { telegramId: '999', categories: [] }, {})).toMatchObject({
      ok: false,
      refusal: { code: 'invalid_transition' },
    });
    expect(await commands.changeCategories(await as('101'), { telegramId: '999', categories: [] }, {})).toMatchObject({ ok: false });
    expect((await allEvents(store)).length).toBe(before);
    // Back to all categories.
    expect(await commands.changeCategories(await as(ADMIN), { telegramId: '201', categories: [] }, {})).toMatchObject({ ok: true });
    expect((await as('201')).categories).toEqual([]);
  });
});
