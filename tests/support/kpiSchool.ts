// A realistic school's KPI for chart tests and for looking at the chart: Russian names, a few people overdue,
// many with a handful of tasks, some with none.
import type { PersonKpi } from '../../application/ports/readModels.js';

const SURNAMES = [
  'Иванова', 'Петров', 'Смирнова', 'Кузнецов', 'Соколова', 'Попов', 'Лебедева', 'Козлов', 'Новикова', 'Морозов',
  'Волкова', 'Соловьёв', 'Васильева', 'Зайцев', 'Павлова', 'Семёнов', 'Голубева', 'Виноградов', 'Богданова', 'Воробьёв',
  'Фёдорова', 'Михайлов', 'Беляева', 'Тарасов', 'Белова', 'Комаров', 'Орлова', 'Киселёв', 'Макарова', 'Андреев',
  'Ковалёва', 'Ильин', 'Гусева', 'Титов', 'Кузьмина', 'Кудрявцев', 'Баранова', 'Куликов', 'Алексеева', 'Степанов',
  'Константинопольская-Щербакова', 'Яковлев', 'Сорокина', 'Сергеев', 'Романова',
];
const GIVEN = ['Ольга Ивановна', 'Игорь Сергеевич', 'Елена Викторовна', 'Андрей Павлович', 'Наталья Петровна', 'Юрий Олегович'];

/** Full names of a school's staff (count ≤ 45), all different. */
export const schoolNames = (count: number): string[] =>
  Array.from({ length: count }, (_, i) => `${SURNAMES[i % SURNAMES.length]} ${GIVEN[i % GIVEN.length]}`);

const ZERO = { tasksCancelled: 0, ticketsOpened: 0, ticketsResolved: 0, ticketsOpen: 0, ticketsOverdue: 0, medianResolveMs: null };

/** Person i of a school of `count` (count ≤ 45): deterministic figures. */
export function schoolKpi(count: number): PersonKpi[] {
  return schoolNames(count).map((fullName, i) => {
    const overdue = i % 9 === 4 ? 1 + (i % 4) : 0;
    const onTime = (i * 7) % 11;
    const late = i % 5 === 1 ? 1 + (i % 3) : 0;
    const openOther = (i * 3) % 4;
    const none = i % 6 === 5;
    const done = none ? 0 : onTime + late;
    const open = none ? 0 : openOther + overdue;
    const total = done + open;
    return {
      telegramId: String(5000 + i),
      fullName,
      tasksTotal: total,
      tasksDone: done,
      tasksDoneOnTime: none ? 0 : onTime,
      tasksOpen: open,
      tasksOverdue: none ? 0 : overdue,
      completionRate: total === 0 ? 0 : done / total,
      onTimeRate: done === 0 ? 0 : (none ? 0 : onTime) / done,
      ...ZERO,
    };
  });
}
