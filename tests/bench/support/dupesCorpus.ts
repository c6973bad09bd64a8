// A labelled corpus for "Об этом уже сообщили" (issue 15, item 6), written by hand for the benchmark
// tests/bench/school/dupes.ts: the open tickets of a school's fortnight, then what other staff typed into /new,
// each labelled with the open ticket it is the same problem as (or null: a new problem). The probes mix
// paraphrases, spelling slips, the same thing in another room, and different problems in the same room and
// category — what makes a wrong offer.

export interface OpenTicketSample {
  number: number;
  title: string;
  description: string;
  location: string;
  category: string;
  /** Days before the probes. */
  daysAgo: number;
}

export interface ProbeSample {
  text: string;
  location: string;
  category: string;
  /** The open ticket it duplicates, or null. */
  same: number | null;
  /** What kind of probe it is, for the per-kind lines of the report. */
  kind: 'paraphrase' | 'typo' | 'same-words' | 'other-room' | 'same-room-other-problem' | 'new' | 'no-room';
}

export const OPEN_TICKETS: readonly OpenTicketSample[] = [
  { number: 101, title: 'Проектор в 204 не включается', description: 'Проектор в 204 не включается, лампочка мигает красным', location: 'каб. 204', category: 'it', daysAgo: 1 },
  { number: 102, title: 'Течёт кран в туалете на 2 этаже', description: 'Течёт кран в женском туалете на втором этаже, вода не перекрывается', location: 'туалет 2 этаж', category: 'maintenance', daysAgo: 2 },
  { number: 103, title: 'Не печатает принтер в учительской', description: 'Не печатает принтер в учительской, пишет замятие бумаги', location: 'учительская', category: 'it', daysAgo: 0 },
  { number: 104, title: 'Нет интернета в 310', description: 'Нет интернета в 310, ноутбуки не видят сеть wifi', location: 'каб. 310', category: 'it', daysAgo: 1 },
  { number: 105, title: 'Разбито окно в спортзале', description: 'Разбито окно в спортзале, стекло треснуло после игры в мяч', location: 'спортзал', category: 'maintenance', daysAgo: 3 },
  { number: 106, title: 'Не работает интерактивная доска в 115', description: 'Не работает интерактивная доска в 115, не реагирует на касания', location: 'каб. 115', category: 'it', daysAgo: 4 },
  { number: 107, title: 'Сломан замок в кабинете 208', description: 'Сломан замок в кабинете 208, ключ не проворачивается', location: 'каб. 208', category: 'maintenance', daysAgo: 1 },
  { number: 108, title: 'Холодно в 301, батарея холодная', description: 'Холодно в 301, батарея холодная с утра', location: 'каб. 301', category: 'maintenance', daysAgo: 0 },
  { number: 109, title: 'Мигает свет в коридоре 3 этажа', description: 'Мигает лампа дневного света в коридоре третьего этажа у лестницы', location: 'коридор 3 этажа', category: 'maintenance', daysAgo: 5 },
  { number: 110, title: 'Нет звука в актовом зале', description: 'Нет звука в актовом зале, колонки не работают, микрофон молчит', location: 'актовый зал', category: 'equipment', daysAgo: 2 },
  { number: 111, title: 'Компьютер в 204 зависает', description: 'Компьютер учителя в 204 зависает при запуске журнала', location: 'каб. 204', category: 'it', daysAgo: 3 },
  { number: 112, title: 'Протекает потолок в библиотеке', description: 'Протекает потолок в библиотеке над стеллажами, капает на книги', location: 'библиотека', category: 'maintenance', daysAgo: 1 },
  { number: 113, title: 'Не работает кулер в столовой', description: 'Кулер с водой в столовой не охлаждает и не наливает', location: 'столовая', category: 'equipment', daysAgo: 6 },
  { number: 114, title: 'Сломан стул в 112', description: 'Сломан стул в 112, отвалилась спинка, ученик чуть не упал', location: 'каб. 112', category: 'equipment', daysAgo: 2 },
  { number: 115, title: 'Не открывается окно в 305', description: 'Не открывается окно в 305, ручку заклинило, душно', location: 'каб. 305', category: 'maintenance', daysAgo: 1 },
  { number: 116, title: 'Грязно в раздевалке спортзала', description: 'Грязно в раздевалке спортзала, не убирали после субботы', location: 'раздевалка спортзала', category: 'cleaning', daysAgo: 0 },
  { number: 117, title: 'Не горит аварийный выход на 1 этаже', description: 'Не горит табличка аварийного выхода у центральной лестницы на первом этаже', location: '1 этаж', category: 'safety', daysAgo: 4 },
  { number: 118, title: 'Принтер в 204 печатает полосами', description: 'Принтер в 204 печатает полосами, наверное картридж закончился', location: 'каб. 204', category: 'it', daysAgo: 2 },
  { number: 119, title: 'Искрит розетка в 214', description: 'Искрит розетка у доски в 214, пахнет гарью', location: 'каб. 214', category: 'safety', daysAgo: 0 },
  { number: 120, title: 'Не работает звонок на 2 этаже', description: 'Не слышно звонка на втором этаже, звонок не работает', location: '2 этаж', category: 'equipment', daysAgo: 1 },
  { number: 121, title: 'Скрипит дверь в 208', description: 'Сильно скрипит дверь в 208, мешает на уроке', location: 'каб. 208', category: 'maintenance', daysAgo: 3 },
  { number: 122, title: 'Не заходит в электронный журнал', description: 'Не могу зайти в электронный журнал, пишет неверный пароль', location: 'учительская', category: 'it', daysAgo: 1 },
  { number: 123, title: 'Засор раковины в 302', description: 'Засорилась раковина в кабинете химии 302, вода не уходит', location: 'каб. 302', category: 'maintenance', daysAgo: 2 },
  { number: 124, title: 'Перегорела лампа в 110', description: 'Перегорели две лампы над доской в 110, темно', location: 'каб. 110', category: 'maintenance', daysAgo: 0 },
  { number: 125, title: 'Не работает проектор в актовом зале', description: 'Проектор в актовом зале не показывает изображение с ноутбука', location: 'актовый зал', category: 'it', daysAgo: 4 },
];

export const PROBES: readonly ProbeSample[] = [
  // The same problem, said otherwise.
  { text: 'В 204 не работает проектор', location: 'каб. 204', category: 'it', same: 101, kind: 'paraphrase' },
  { text: 'проектор не включается, мигает красная лампочка', location: 'каб. 204', category: 'it', same: 101, kind: 'paraphrase' },
  { text: 'Проектор сломался, урок сорван', location: 'кабинет 204', category: 'it', same: 101, kind: 'paraphrase' },
  { text: 'Кран течёт в туалете второго этажа', location: '2 этаж', category: 'maintenance', same: 102, kind: 'paraphrase' },
  { text: 'В туалете на втором этаже вода льётся из крана', location: 'туалет', category: 'maintenance', same: 102, kind: 'paraphrase' },
  { text: 'Принтер в учительской зажевал бумагу', location: 'учительская', category: 'it', same: 103, kind: 'paraphrase' },
  { text: 'Принтер не печатает', location: 'учительская', category: 'it', same: 103, kind: 'paraphrase' },
  { text: 'В 310 пропал интернет', location: 'каб. 310', category: 'it', same: 104, kind: 'paraphrase' },
  { text: 'wifi не работает, ноутбуки не подключаются к сети', location: 'каб. 310', category: 'it', same: 104, kind: 'paraphrase' },
  { text: 'В спортзале разбили окно мячом', location: 'спортзал', category: 'maintenance', same: 105, kind: 'paraphrase' },
  { text: 'Треснуло стекло в окне спортзала', location: 'спортзал', category: 'maintenance', same: 105, kind: 'paraphrase' },
  { text: 'Интерактивная доска не реагирует на касания', location: 'каб. 115', category: 'it', same: 106, kind: 'paraphrase' },
  { text: 'Доска в 115 не работает', location: 'каб. 115', category: 'it', same: 106, kind: 'paraphrase' },
  { text: 'Ключ не проворачивается в замке 208 кабинета', location: 'каб. 208', category: 'maintenance', same: 107, kind: 'paraphrase' },
  { text: 'Не могу закрыть кабинет 208, замок сломан', location: 'каб. 208', category: 'maintenance', same: 107, kind: 'paraphrase' },
  { text: 'В 301 батареи холодные, дети мёрзнут', location: 'каб. 301', category: 'maintenance', same: 108, kind: 'paraphrase' },
  { text: 'Очень холодно в кабинете', location: 'каб. 301', category: 'maintenance', same: 108, kind: 'paraphrase' },
  { text: 'В коридоре на третьем этаже мигает лампа', location: 'коридор 3 этаж', category: 'maintenance', same: 109, kind: 'paraphrase' },
  { text: 'Микрофон в актовом зале не работает', location: 'актовый зал', category: 'equipment', same: 110, kind: 'paraphrase' },
  { text: 'Колонки в актовом зале молчат, репетиция через час', location: 'актовый зал', category: 'equipment', same: 110, kind: 'paraphrase' },
  { text: 'Компьютер в 204 виснет, журнал не открывается', location: 'каб. 204', category: 'it', same: 111, kind: 'paraphrase' },
  { text: 'Капает с потолка в библиотеке', location: 'библиотека', category: 'maintenance', same: 112, kind: 'paraphrase' },
  { text: 'Протечка в библиотеке, мокнут книги', location: 'библиотека', category: 'maintenance', same: 112, kind: 'paraphrase' },
  { text: 'Кулер в столовой не наливает воду', location: 'столовая', category: 'equipment', same: 113, kind: 'paraphrase' },
  { text: 'У стула отвалилась спинка', location: 'каб. 112', category: 'equipment', same: 114, kind: 'paraphrase' },
  { text: 'Окно в 305 не открыть, заклинило ручку', location: 'каб. 305', category: 'maintenance', same: 115, kind: 'paraphrase' },
  { text: 'В раздевалке спортзала грязь, не убрано', location: 'спортзал', category: 'cleaning', same: 116, kind: 'paraphrase' },
  { text: 'Табличка аварийного выхода на первом этаже не горит', location: '1 этаж', category: 'safety', same: 117, kind: 'paraphrase' },
  { text: 'Принтер полосит, нужен новый картридж', location: 'каб. 204', category: 'it', same: 118, kind: 'paraphrase' },
  { text: 'Розетка в 214 искрит!', location: 'каб. 214', category: 'safety', same: 119, kind: 'paraphrase' },
  { text: 'Пахнет гарью от розетки у доски', location: 'каб. 214', category: 'safety', same: 119, kind: 'paraphrase' },
  { text: 'На втором этаже не слышно звонка', location: '2 этаж', category: 'equipment', same: 120, kind: 'paraphrase' },
  { text: 'Дверь в 208 скрипит', location: 'каб. 208', category: 'maintenance', same: 121, kind: 'paraphrase' },
  { text: 'Электронный журнал не пускает, неверный пароль', location: 'учительская', category: 'it', same: 122, kind: 'paraphrase' },
  { text: 'Раковина в кабинете химии засорилась', location: 'каб. 302', category: 'maintenance', same: 123, kind: 'paraphrase' },
  { text: 'Над доской в 110 не горят лампы', location: 'каб. 110', category: 'maintenance', same: 124, kind: 'paraphrase' },
  { text: 'В актовом зале проектор не показывает', location: 'актовый зал', category: 'it', same: 125, kind: 'paraphrase' },
  // Spelling slips.
  { text: 'праектор в 204 не включаеться', location: 'каб. 204', category: 'it', same: 101, kind: 'typo' },
  { text: 'не пичатает принтер', location: 'учительская', category: 'it', same: 103, kind: 'typo' },
  { text: 'интернет нет в 310 кабинете', location: 'каб. 310', category: 'it', same: 104, kind: 'typo' },
  { text: 'интерактивнаяя даска не работает', location: 'каб. 115', category: 'it', same: 106, kind: 'typo' },
  { text: 'батарея халодная', location: 'каб. 301', category: 'maintenance', same: 108, kind: 'typo' },
  { text: 'искрид разетка', location: 'каб. 214', category: 'safety', same: 119, kind: 'typo' },
  { text: 'засор ракавины', location: 'каб. 302', category: 'maintenance', same: 123, kind: 'typo' },
  // Nearly the same words as the open ticket.
  { text: 'Проектор в 204 не включается', location: 'каб. 204', category: 'it', same: 101, kind: 'same-words' },
  { text: 'Нет интернета в 310', location: 'каб. 310', category: 'it', same: 104, kind: 'same-words' },
  { text: 'Нет звука в актовом зале', location: 'актовый зал', category: 'equipment', same: 110, kind: 'same-words' },
  { text: 'Сломан стул', location: 'каб. 112', category: 'equipment', same: 114, kind: 'same-words' },
  // The same thing in another room: another problem.
  { text: 'Проектор в 310 не включается', location: 'каб. 310', category: 'it', same: null, kind: 'other-room' },
  { text: 'Не работает интерактивная доска', location: 'каб. 212', category: 'it', same: null, kind: 'other-room' },
  { text: 'Сломан замок в двери', location: 'каб. 306', category: 'maintenance', same: null, kind: 'other-room' },
  { text: 'Холодная батарея, холодно', location: 'каб. 118', category: 'maintenance', same: null, kind: 'other-room' },
  { text: 'Сломан стул, отвалилась ножка', location: 'каб. 220', category: 'equipment', same: null, kind: 'other-room' },
  { text: 'Не открывается окно', location: 'каб. 207', category: 'maintenance', same: null, kind: 'other-room' },
  { text: 'Принтер печатает полосами', location: 'каб. 105', category: 'it', same: null, kind: 'other-room' },
  { text: 'Засорилась раковина', location: 'каб. 303', category: 'maintenance', same: null, kind: 'other-room' },
  { text: 'Перегорела лампа над доской', location: 'каб. 216', category: 'maintenance', same: null, kind: 'other-room' },
  { text: 'Нет интернета', location: 'каб. 109', category: 'it', same: null, kind: 'other-room' },
  // Another problem in the same room and category.
  { text: 'В 204 не работают колонки, нет звука', location: 'каб. 204', category: 'it', same: null, kind: 'same-room-other-problem' },
  { text: 'Мышка у компьютера не работает', location: 'каб. 204', category: 'it', same: null, kind: 'same-room-other-problem' },
  { text: 'В 208 отклеился линолеум у двери', location: 'каб. 208', category: 'maintenance', same: null, kind: 'same-room-other-problem' },
  { text: 'Течёт батарея в 301', location: 'каб. 301', category: 'maintenance', same: null, kind: 'same-room-other-problem' },
  { text: 'В 310 не работает проектор', location: 'каб. 310', category: 'it', same: null, kind: 'same-room-other-problem' },
  { text: 'Жалюзи в 305 не опускаются', location: 'каб. 305', category: 'maintenance', same: null, kind: 'same-room-other-problem' },
  { text: 'В спортзале оторвалась сетка на воротах', location: 'спортзал', category: 'maintenance', same: null, kind: 'same-room-other-problem' },
  { text: 'В библиотеке не работает компьютер выдачи', location: 'библиотека', category: 'it', same: null, kind: 'same-room-other-problem' },
  { text: 'В актовом зале порван занавес', location: 'актовый зал', category: 'equipment', same: null, kind: 'same-room-other-problem' },
  { text: 'В учительской не работает сканер', location: 'учительская', category: 'it', same: null, kind: 'same-room-other-problem' },
  { text: 'В 214 шатается парта', location: 'каб. 214', category: 'equipment', same: null, kind: 'same-room-other-problem' },
  { text: 'В 110 сломалась дверная ручка', location: 'каб. 110', category: 'maintenance', same: null, kind: 'same-room-other-problem' },
  { text: 'В 302 не работает вытяжка', location: 'каб. 302', category: 'maintenance', same: null, kind: 'same-room-other-problem' },
  { text: 'В столовой сломался холодильник', location: 'столовая', category: 'equipment', same: null, kind: 'same-room-other-problem' },
  // Something new.
  { text: 'Нужно повесить карту в кабинет географии', location: 'каб. 203', category: 'other', same: null, kind: 'new' },
  { text: 'Разлили краску на полу в 105', location: 'каб. 105', category: 'cleaning', same: null, kind: 'new' },
  { text: 'Огнетушитель на 3 этаже просрочен', location: '3 этаж', category: 'safety', same: null, kind: 'new' },
  { text: 'Не работает турник на площадке', location: 'школьный двор', category: 'equipment', same: null, kind: 'new' },
  { text: 'Пахнет газом в подвале', location: 'подвал', category: 'safety', same: null, kind: 'new' },
  { text: 'Сломался ноутбук, не заряжается', location: 'каб. 401', category: 'it', same: null, kind: 'new' },
  { text: 'Надо переставить шкаф в 209', location: 'каб. 209', category: 'other', same: null, kind: 'new' },
  { text: 'Выпала плитка в туалете первого этажа', location: 'туалет 1 этаж', category: 'maintenance', same: null, kind: 'new' },
  { text: 'Мусор не вывезли со двора', location: 'двор', category: 'cleaning', same: null, kind: 'new' },
  { text: 'Не работает камера на входе', location: 'вход', category: 'safety', same: null, kind: 'new' },
  // No room in the place: words alone decide.
  { text: 'Не работает звонок', location: 'не указано', category: 'equipment', same: 120, kind: 'no-room' },
  { text: 'Протекает крыша над библиотекой', location: 'не указано', category: 'maintenance', same: 112, kind: 'no-room' },
  { text: 'Не могу войти в электронный журнал', location: 'не указано', category: 'it', same: 122, kind: 'no-room' },
  { text: 'Кулер в столовой сломался', location: 'не указано', category: 'equipment', same: 113, kind: 'no-room' },
  { text: 'Не работает принтер', location: 'не указано', category: 'it', same: null, kind: 'no-room' },
  { text: 'Нужна уборка после ремонта', location: 'не указано', category: 'cleaning', same: null, kind: 'no-room' },
];
