// Every sentence staff read in Telegram, keyed by meaning. Another language is another module of this shape.
import type { StaffStatus } from '../../domain/index.js';
import type { RefusalCode } from '../../domain/shared/refusal.js';

export const ru = {
  categories: {
    it: 'ИТ и компьютеры',
    equipment: 'Оборудование',
    maintenance: 'Хозчасть и ремонт',
    cleaning: 'Уборка',
    safety: 'Безопасность',
    other: 'Другое',
  } as Record<string, string>,
  priorities: { low: 'низкий', normal: 'обычный', high: 'высокий', urgent: 'срочный' } as Record<string, string>,
  ticketStatuses: {
    open: 'открыта',
    in_progress: 'в работе',
    resolved: 'решена, ждёт подтверждения',
    closed: 'закрыта',
    cancelled: 'отменена',
    waiting: 'ждёт ответа автора',
  } as Record<string, string>,
  taskStatuses: {
    assigned: 'назначено',
    accepted: 'в работе',
    completed: 'выполнено, ждёт проверки',
    approved: 'принято',
    cancelled: 'отменено',
  } as Record<string, string>,
  roles: {
    teacher: 'учитель',
    technician: 'техник',
    deputy: 'заместитель директора',
    director: 'директор',
    auditor: 'аудитор',
    admin: 'администратор',
  } as Record<string, string>,
  staffStatuses: { pending: 'ждёт подтверждения', active: 'активен', inactive: 'отключён' } satisfies Record<StaffStatus, string>,

  registration: {
    askName: 'Здравствуйте! Это школьный бот заявок и поручений.\nНапишите, пожалуйста, ваши фамилию, имя и отчество.',
    nameTooShort: 'Напишите фамилию и имя полностью, например: Иванова Мария Петровна.',
    pending: 'Спасибо! Заявка на доступ отправлена администратору. Я напишу, когда её подтвердят.',
    alreadyPending: 'Ваша заявка на доступ ещё ждёт подтверждения администратора.',
    welcomeBack: (name: string) => `Здравствуйте, ${name}! Чем помочь? Список команд: /help`,
    adminAsk: (name: string, username: string | null) =>
      `Новый сотрудник просит доступ: ${name}${username ? ` (@${username})` : ''}.\nВыберите роль:`,
    approved: (role: string) => `Доступ открыт. Ваша роль: ${role}. Список команд: /help`,
    approvedForAdmin: (name: string, role: string) => `${name}: доступ открыт, роль — ${role}.`,
    deactivated: 'Ваш доступ к боту отключён. Если это ошибка, обратитесь к администратору.',
    askAdminName:
      'Здравствуйте! В настройках бота вы указаны как администратор.\nНапишите, пожалуйста, ваши фамилию, имя и отчество: так вас будут видеть сотрудники в истории и уведомлениях.',
    adminNamed: (name: string) => `Спасибо, ${name}! Ваша роль: администратор. Список команд: /help`,
    /** The admins' message about requests for access (adapters/telegram/accessRequests.ts). */
    requestOne: (name: string) => `Новый сотрудник просит доступ: ${name}.`,
    requestsTitle: (count: number) => `🔑 ${counted(count, ['новая заявка на доступ', 'новые заявки на доступ', 'новых заявок на доступ'])}:`,
    requestItem: (index: number, name: string) => `${index}. ${name}`,
    requestAccount: (telegramId: string, username: string | null) =>
      `Telegram: id ${telegramId}, ${username ? `@${username}` : 'без имени пользователя'}`,
    requestTelegramName: (name: string) => `Имя в Telegram: ${name}`,
    requestLanguage: (code: string) => `язык Telegram: ${code}`,
    requestPremium: 'Telegram Premium',
    requestRecentAccount: 'Судя по id, аккаунт, вероятно, создан недавно (Telegram не сообщает дату создания, это лишь подсказка).',
    requestNameTaken: (name: string, role: string) => `⚠️ Такое имя уже у сотрудника: ${name} (${role}). Проверьте, тот ли это человек.`,
    requestNameRejected: (name: string, date: string, telegramId: string) =>
      `⚠️ Заявку с таким именем уже отклонили ${date}: ${name} (id ${telegramId}). Проверьте, тот ли это человек.`,
    requestRoleLater: 'Роль выберете после «Одобрить».',
    requestChooseRole: 'Выберите роль:',
    requestsMore: (count: number) => `…и ещё ${counted(count, ['заявка', 'заявки', 'заявок'])}: все ждущие заявки — в /staff.`,
    approveButton: (who: string) => `✅ Одобрить${who ? `: ${who}` : ''}`,
    rejectButton: (who: string) => `❌ Отклонить${who ? `: ${who}` : ''}`,
    chooseRole: (name: string) => `Какую роль дать: ${name}?`,
    rejectedForAdmin: (name: string) => `Заявка отклонена: ${name}.`,
    rejected: 'Ваша заявка на доступ отклонена. Если это ошибка, обратитесь к администратору.',
    rejectReason: 'заявка на доступ отклонена',
    decidedBy: (by: string, outcome: string) => `Эта заявка уже решена. Кто решил: ${by}. ${outcome}`,
    decidedByYou: (outcome: string) => `Эта заявка уже решена — вы её рассмотрели: ${outcome}`,
    outcomeApproved: (name: string, role: string) => `${name} — доступ открыт, роль: ${role}.`,
    outcomeRejected: (name: string) => `${name} — заявка отклонена.`,
    noRequest: 'Такой заявки нет: возможно, кнопка устарела.',
  },

  /** Words written to the bot outside any step. */
  freeText: {
    offer: 'Открыть заявку с этим текстом?',
    open: 'Открыть заявку',
    no: 'Нет',
    declined: 'Хорошо. Список команд: /help',
  },

  help: {
    common: [
      'Что я умею:',
      '/new — сообщить о проблеме (можно сразу: /new в 204 не работает проектор)',
      '/my — мои заявки и поручения',
      '/ticket 12 — карточка заявки №12',
      '/tasks — мои поручения и выданные мной',
      '/cancel — выйти из текущего шага',
      '/find проектор 204 — найти заявки и поручения по словам, номеру, кабинету, человеку, статусу, периоду',
      '/room 204 — история помещения: его заявки, новые сверху',
    ],
    technician: ['/queue — очередь открытых заявок'],
    /** Technicians and managers: a duplicate is closed into the ticket that stays. */
    merge: ['/merge 125 124 — объединить заявку-дубль №125 с заявкой №124'],
    manager: [
      '/task — дать поручение',
      '/kpi — показатели',
      '/history 12 — история заявки №12',
      '/export — выгрузка в Excel: заявки, поручения, показатели',
      '/repeat — повторяющиеся поручения: список; /repeat иван — новое (каждый понедельник, каждый учебный день, 1-го числа…)',
      '/orders — поручения нескольким сотрудникам: кто выполнил, кто нет',
    ],
    auditor: ['/kpi — показатели', '/history 12 — история заявки (/history п5 — поручения №5)', '/export — выгрузка в Excel: заявки, поручения, показатели'],
    admin: ['/staff — сотрудники: подтвердить, сменить роль, отключить', '/rooms — помещения школы (плакаты с QR-кодом)'],
  },

  newTicket: {
    chooseCategory: 'Что случилось? Выберите категорию:',
    askLocation: 'Где? Напишите кабинет или место (например: каб. 204, спортзал).',
    askDescription: 'Опишите проблему одним сообщением.',
    askPhoto: 'Пришлите фото, если оно поможет, или нажмите «Без фото».',
    skipPhoto: 'Без фото',
    confirm: (category: string, location: string, description: string, photos: number) =>
      `Проверьте заявку:\nКатегория: ${category}\nМесто: ${location}\nОписание: ${description}${photos > 0 ? `\nФото: ${photos}` : ''}\n\nОтправить?`,
    send: 'Отправить',
    discard: 'Отменить',
    created: (number: number) => `Заявка №${number} принята. Я сообщу, когда её возьмут в работу.`,
    shortcutEmpty: 'Напишите после /new, что случилось, например: /new в 204 не работает проектор',
    tooLong: (max: number) => `Слишком длинный текст: не больше ${counted(max, ['символа', 'символов', 'символов'])}. Сократите, пожалуйста.`,
    discarded: 'Заявка не отправлена.',
    photoAdded: 'Фото добавлено. Можно прислать ещё или нажать «Отправить».',
    locationUnknown: 'не указано',
    confirmHint: 'Нажмите «Отправить» или «Отменить» под заявкой (или /cancel).',
  },

  ticketCard: {
    title: (number: number, title: string) => `Заявка №${number}: ${title}`,
    category: 'Категория',
    location: 'Место',
    priority: 'Приоритет',
    status: 'Статус',
    author: 'Автор',
    assignee: 'Исполнитель',
    due: 'Срок',
    overdue: '⚠️ просрочена',
    nobody: 'не назначен',
    buttons: {
      take: 'Взять',
      resolve: 'Решено',
      comment: 'Комментарий',
      priority: 'Приоритет',
      confirm: 'Подтвердить',
      reopen: 'Вернуть в работу',
      cancel: 'Отменить заявку',
    },
    notFound: (number: number) => `Заявки №${number} нет.`,
    usage: 'Напишите номер заявки, например: /ticket 12',
    askResolution: (number: number) => `Заявка №${number}: что сделано? Напишите одним сообщением.`,
    askComment: (number: number) => `Заявка №${number}: напишите комментарий (можно с фото).`,
    askReopenReason: (number: number) => `Заявка №${number}: что не так? Напишите причину.`,
    askCancelReason: (number: number) => `Заявка №${number}: почему отменяете? Напишите причину.`,
    choosePriority: (number: number) => `Заявка №${number}: выберите приоритет.`,
    taken: (number: number) => `Вы взяли заявку №${number}.`,
    resolved: (number: number) => `Заявка №${number} отмечена решённой. Автор получит запрос на подтверждение.`,
    commented: (number: number) => `Комментарий к заявке №${number} добавлен.`,
    priorityChanged: (number: number, priority: string) => `Приоритет заявки №${number}: ${priority}.`,
    confirmed: (number: number) => `Спасибо! Заявка №${number} закрыта.`,
    reopened: (number: number) => `Заявка №${number} возвращена в работу.`,
    cancelled: (number: number) => `Заявка №${number} отменена.`,
    comments: (count: number) => `Комментарии (${count}):`,
    cancelOnlyWhileOpen:
      'Заявку уже взяли в работу: отменить её может только администратор. Можно написать комментарий исполнителю.',
    commentLine: (when: string, who: string, text: string) => `${when} · ${who}: ${text}`,
  },

  ticketPhotos: {
    button: (count: number) => `Фото (${count})`,
    caption: (number: number) => `Фото к заявке №${number}`,
    none: (number: number) => `У заявки №${number} нет фото.`,
  },

  lists: {
    myTickets: 'Мои заявки:',
    myTasks: 'Мои поручения:',
    issuedTasks: 'Выданные мной поручения:',
    none: 'пока нет',
    queue: 'Очередь заявок (сначала срочные):',
    queueEmpty: 'Открытых заявок нет. 👍',
    ticketLine: (number: number, title: string, status: string, priority: string, overdue: boolean) =>
      `№${number} · ${title} — ${status}, ${priority}${overdue ? ' ⚠️' : ''}`,
    taskLine: (number: number, title: string, status: string, deadline: string, overdue: boolean, assignee?: string) =>
      `п${number} · ${title}${assignee ? ` → ${assignee}` : ''} — ${status}, до ${deadline}${overdue ? ' ⚠️ просрочено' : ''}`,
    open: (label: string) => `Открыть ${label}`,
    /** The queue's heading; the count in the "name: number" form reads right for any number. */
    queueHeading: (total: number) => `Очередь заявок (сначала просроченные и срочные).\nОткрытых заявок: ${total}`,
    myTotals: (tickets: number, tasks: number) => `Активных заявок: ${tickets}, поручений: ${tasks}`,
    tasksTotals: (mine: number, issued: number) => `Поручений мне: ${mine}, выданных мной: ${issued}`,
  },

  paging: {
    back: '◀ Назад',
    forward: 'Вперёд ▶',
    page: (page: number, pages: number) => `стр. ${page} из ${pages}`,
  },

  /** An action started in a group (the technicians' chat) goes on in the person's private chat with the bot. */
  groups: {
    continueHere: (prompt: string) => `${prompt}\nОтветьте здесь, в личном чате с ботом (/cancel — отменить).`,
    continuedPrivately: (name: string, link: string) =>
      `${name}, продолжим в личном чате с ботом: вопрос уже там. Если сообщения от бота нет, откройте ссылку: ${link}`,
    openPrivateChat: (name: string, link: string) =>
      `${name}, ответить можно в личном чате с ботом. Откройте его по ссылке и нажмите «Запустить»: ${link}`,
    newInPrivate: (link: string) => `Заявку открывают в личном чате с ботом: ${link}`,
    linkExpired: 'Эта ссылка устарела. Нажмите кнопку на карточке ещё раз.',
  },

  task: {
    chooseAssignee: 'Кому поручение? Напишите часть фамилии для поиска.',
    noMatches: 'Никого не нашёл. Попробуйте другую часть фамилии.',
    pickFromMatches: 'Выберите сотрудника:',
    askTitle: (name: string) => `Поручение для: ${name}. Что нужно сделать? Напишите одним сообщением.`,
    confirm: (name: string, title: string, deadline: string) =>
      `Проверьте поручение:\nКому: ${name}\nЧто: ${title}\nСрок: ${deadline}\n\nОтправить?`,
    created: (number: number, name: string) => `Поручение п${number} отправлено: ${name}.`,
    card: (number: number, title: string) => `Поручение п${number}: ${title}`,
    issuer: 'От кого',
    assignee: 'Кому',
    deadline: 'Срок',
    status: 'Статус',
    description: 'Подробности',
    late: '⚠️ срок пропущен',
    buttons: {
      accept: 'Принять',
      complete: 'Выполнено',
      approve: 'Принять работу',
      return: 'Вернуть на доработку',
      extend: 'Продлить срок',
      cancel: 'Отменить',
    },
    notFound: (number: number) => `Поручения п${number} нет.`,
    askReport: (number: number) => `Поручение п${number}: коротко опишите, что сделано (можно с фото).`,
    askReturnReason: (number: number) => `Поручение п${number}: что доработать? Напишите причину.`,
    askCancelReason: (number: number) => `Поручение п${number}: почему отменяете?`,
    askNewDeadline: (number: number) => `Поручение п${number}: новый срок? Например: «в пятницу в 15:00».`,
    askExtendReason: (number: number, deadline: string) => `Новый срок: ${deadline}. Почему продлеваете? Напишите причину.`,
    accepted: (number: number) => `Поручение п${number} принято в работу. Когда закончите, нажмите «Выполнено».`,
    completed: (number: number) => `Поручение п${number} отмечено выполненным. Отправлено на проверку.`,
    approved: (number: number) => `Работа по поручению п${number} принята.`,
    returned: (number: number) => `Поручение п${number} возвращено на доработку.`,
    extended: (number: number, deadline: string) => `Срок поручения п${number} продлён до ${deadline}.`,
    cancelled: (number: number) => `Поручение п${number} отменено.`,
    notAllowed: 'Давать поручения могут заместители директора, директор и администратор.',
  },

  /** Refusals of a typed deadline; the examples are made from the clock, so each is valid when it is shown. */
  deadline: {
    unreadable: (examples: readonly string[]) => `Не понял срок. Примеры: ${examples.map((e) => `«${e}»`).join(', ')}.`,
    in_past: (example: string) => `Этот срок уже прошёл. Укажите время в будущем, например: «${example}».`,
    no_such_date: (example: string) => `Такой даты нет в календаре. Проверьте число и месяц, например: «${example}».`,
    understood: (deadline: string) => `Понял срок: ${deadline}.`,
    no_such_time: (example: string) => `Такого времени нет: часы — от 0 до 23, минуты — от 0 до 59. Например: «${example}».`,
    too_far: (limit: string, example: string) =>
      `Слишком далёкий срок: не дальше чем на год вперёд (до ${limit}). Проверьте год, например: «${example}».`,
    no_term_end: (example: string) =>
      `Не знаю, когда кончается четверть: в календаре школы впереди нет каникул. Укажите дату, например: «${example}».`,
    /** "«в пятницу» — сегодня или 11 декабря?" */
    ambiguous: (phrase: string, options: readonly string[]) => `Срок «${phrase}» — ${options.join(' или ')}?`,
    today: 'сегодня',
    tomorrow: 'завтра',
    /** Why the chosen deadline is not school time. */
    weekend: (weekday: string) => `Это ${weekday} — выходной.`,
    holiday: (date: string, name: string) => `${date} — ${name}.`,
    transfer: (date: string, note: string) => `${date} — выходной день (${note}).`,
    schoolDayOff: (date: string, name: string) => `${date} — ${name}, школа не работает.`,
    vacation: (name: string) => `Это ${name}.`,
    beforeOpening: (time: string) => `Это раньше начала рабочего дня школы (${time}).`,
    afterClosing: (time: string) => `Это позже конца рабочего дня школы (${time}).`,
    /** "Срок: …\nЭто воскресенье — выходной. Перенести на пятницу, 4 декабря, 18:00?" */
    warning: (shown: string, why: string, alternative: string) => `Срок: ${shown}.\n${why} Перенести на ${alternative}?`,
    moveTo: (when: string) => `Перенести на ${when}`,
    keep: (when: string) => `Оставить ${when}`,
    /** The task wizard's question, with examples valid now (made by the caller from the clock). */
    ask: (examples: readonly string[]) => `К какому сроку? Например: ${examples.map((e) => `«${e}»`).join(', ')}.`,
  },

  kpi: {
    title: 'Показатели',
    overall: 'По школе',
    person: (name: string) => `Сотрудник: ${name}`,
    lines: (f: {
      tasksTotal: number;
      tasksDone: number;
      tasksDoneOnTime: number;
      tasksOverdue: number;
      completionRate: number;
      ticketsOpened: number;
      ticketsResolved: number;
      ticketsOverdue: number;
      medianResolveHours: number | null;
    }) =>
      [
        `Поручения: всего ${f.tasksTotal}, выполнено ${f.tasksDone} (в срок ${f.tasksDoneOnTime}), просрочено ${f.tasksOverdue}`,
        `Выполнение: ${Math.round(f.completionRate * 100)}%`,
        `Заявки: открыто ${f.ticketsOpened}, решено ${f.ticketsResolved}, просрочено ${f.ticketsOverdue}`,
        `Медианное время решения: ${f.medianResolveHours === null ? '—' : `${f.medianResolveHours.toFixed(1).replace('.', ',')} ч`}`,
      ].join('\n'),
    chartCaption: 'Поручения по сотрудникам: выполнено в срок (зелёный), с опозданием (жёлтый), просрочено (красный).',
    notAllowed: 'Показатели видят заместители директора, директор, аудитор и администратор.',
    // The chart (adapters/telegram/kpiChart.ts) and the lines beside it, which carry the same numbers.
    chartTitle: (date: string) => `Поручения сотрудников на ${date}`,
    chartSubtitle: (page: number, pages: number, from: number, to: number, total: number) =>
      pages === 1
        ? `Всего: ${total} · сначала те, у кого есть просрочки`
        : `Стр. ${page} из ${pages} · ${from === to ? `№ ${from}` : `№ ${from}–${to}`} из ${total} · сначала с просрочками`,
    chartLegend: { onTime: 'в срок', late: 'с опозданием', overdue: 'просрочено', open: 'в работе' },
    chartNoTasks: 'нет поручений',
    chartPageCaption: (page: number, pages: number, from: number, to: number, total: number) =>
      pages === 1
        ? 'Поручения по сотрудникам (сначала те, у кого есть просрочки):'
        : `Поручения по сотрудникам, стр. ${page} из ${pages} (${from === to ? from : `${from}–${to}`} из ${total}):`,
    chartLine: (n: number, name: string, f: { onTime: number; late: number; overdue: number; open: number }) => {
      const total = f.onTime + f.late + f.overdue + f.open;
      if (total === 0) return `${n}. ${name}: нет поручений`;
      const parts = [
        f.onTime > 0 ? `в срок ${f.onTime}` : '',
        f.late > 0 ? `с опозданием ${f.late}` : '',
        f.overdue > 0 ? `просрочено ${f.overdue}` : '',
        f.open > 0 ? `в работе ${f.open}` : '',
      ].filter(Boolean);
      return `${n}. ${name}: всего ${total} — ${parts.join(', ')}`;
    },
  },

  history: {
    usage: 'Напишите номер: /history 12 (заявка) или /history п5 (поручение).',
    title: (label: string) => `История: ${label}`,
    line: (when: string, who: string, what: string) => `${when} · ${who}: ${what}`,
    empty: 'Событий нет.',
    notAllowed: 'Историю видят аудитор, директор и администратор.',
    // What each event means, one line (the actor's name comes before it, the words they typed after it).
    ticketOpened: (title: string, category: string, priority: string, due: string) =>
      `открыл(а) заявку «${title}»: ${category}, приоритет ${priority}, срок до ${due}`,
    ticketTaken: 'взял(а) в работу',
    ticketAssigned: (assignee: string) => `назначил(а) исполнителя: ${assignee}`,
    ticketCommented: 'комментарий',
    ticketPriorityChanged: (from: string, to: string, due: string) => `приоритет: ${from} → ${to}, срок до ${due}`,
    ticketResolved: 'отметил(а) решённой',
    ticketConfirmed: 'подтвердил(а) решение, заявка закрыта',
    ticketAutoClosed: 'закрыта автоматически: автор не ответил',
    ticketReopenedFromResolved: 'вернул(а) заявку в работу после решения',
    ticketReopenedFromClosed: 'вернул(а) заявку в работу после закрытия',
    ticketCancelled: 'отменил(а) заявку',
    taskAssigned: (title: string, assignee: string, deadline: string) => `выдал(а) поручение «${title}», исполнитель: ${assignee}, срок до ${deadline}`,
    taskAccepted: 'принял(а) поручение в работу',
    taskDeadlineExtended: (from: string, to: string) => `перенёс(ла) срок с ${from} на ${to}`,
    taskDeadlineExtendedAfterMiss: (from: string, to: string) => `перенёс(ла) срок с ${from} на ${to} (прежний срок уже был пропущен)`,
    taskCompleted: 'отметил(а) поручение выполненным',
    taskCompletedLate: 'отметил(а) поручение выполненным, с опозданием',
    taskApprovedOnTime: 'принял(а) работу: выполнено в срок',
    taskApprovedLate: 'принял(а) работу: выполнено с опозданием',
    taskReturned: 'вернул(а) поручение на доработку',
    taskCancelled: 'отменил(а) поручение',
    taskDeadlineMissed: (deadline: string) => `пропущен срок ${deadline}`,
    ticketInfoRequested: 'задал(а) вопрос автору, заявка ждёт ответа',
    ticketInfoProvided: (due: string) => `автор ответил(а) на вопрос, заявка снова в работе, срок до ${due}`,
    ticketResumedWithoutAnswer: (due: string) => `продолжил(а) работу без ответа автора, срок до ${due}`,
    ticketInfoReminded: (closes: string) => `напоминание автору о вопросе; без ответа заявка закроется ${closes}`,
    ticketClosedUnanswered: 'закрыта автоматически: автор не ответил на вопрос',
    ticketRated: (rating: number) => `оценил(а) решение: ${rating} из 5`,
    ticketRatingChanged: (from: number, to: number) => `изменил(а) оценку решения: ${from} → ${to} из 5`,
    /** How a moment reads in a history line (luxon format, Russian month names): "27 ноября 2026, 18:00". */
    momentFormat: 'd MMMM yyyy, HH:mm',
    system: 'система',
    configuration: 'настройки бота',
  },

  staff: {
    title: 'Сотрудники:',
    line: (name: string, role: string, status: string, reachable = true) => `${name} — ${role}, ${status}${reachable ? '' : ' 📵'}`,
    unreachableNote: '📵 — бот заблокирован: сообщения не доходят, пока сотрудник сам не напишет боту.',
    pendingTitle: 'Ждут подтверждения:',
    none: 'Никого нет.',
    approve: 'Подтвердить',
    changeRole: 'Сменить роль',
    deactivate: 'Отключить',
    chooseRole: (name: string) => `${name}: выберите новую роль.`,
    roleChanged: (name: string, role: string) => `${name}: роль изменена на «${role}».`,
    deactivated: (name: string) => `${name}: доступ отключён.`,
    notAllowed: 'Сотрудниками управляет администратор.',
    deactivateReason: 'отключён администратором в боте',
  },

  notifications: {
    ticketOpened: (number: number, title: string, category: string, location: string) =>
      `🆕 Новая заявка №${number}: ${title}\nКатегория: ${category}\nМесто: ${location}`,
    ticketAssigned: (number: number, title: string) => `Вам назначена заявка №${number}: ${title}`,
    ticketResolved: (number: number, title: string, resolution: string) =>
      `✅ Заявка №${number} «${title}» решена: ${resolution}\nВсё в порядке?`,
    ticketReopened: (number: number, reason: string) => `Заявка №${number} возвращена в работу: ${reason}`,
    taskAssigned: (number: number, title: string, deadline: string) => `📌 Новое поручение п${number}: ${title}\nСрок: ${deadline}`,
    taskDueSoon: (number: number, title: string, deadline: string, hours: number) =>
      `⏰ Через ${hours} ч срок поручения п${number}: ${title} (до ${deadline})`,
    taskMissedAssignee: (number: number, title: string) => `❗ Срок поручения п${number} «${title}» пропущен.`,
    taskMissedIssuer: (number: number, title: string, assignee: string) =>
      `❗ ${assignee} не выполнил(а) поручение п${number} «${title}» в срок.`,
    taskCompleted: (number: number, title: string, assignee: string, report: string) =>
      `Поручение п${number} «${title}» выполнено (${assignee}): ${report}`,
    taskReturned: (number: number, reason: string) => `Поручение п${number} возвращено на доработку: ${reason}`,
    taskCancelled: (number: number, title: string, reason: string) => `Поручение п${number} «${title}» отменено: ${reason}`,
    ticketCommented: (number: number, title: string, who: string, text: string) =>
      `💬 Комментарий к заявке №${number} «${title}» (${who}): ${text}`,
    ticketCancelled: (number: number, title: string, reason: string) => `Заявка №${number} «${title}» отменена: ${reason}`,
    digest: (date: string) => `Доброе утро! Сводка на ${date}.`,
    /** Several new tickets in one message (never fewer than two: one is shown as its own card). */
    ticketList: (count: number) => `🆕 Новые заявки (${count}):`,
    ticketListLine: (number: number, location: string, title: string) => `№${number} · ${location} — ${title}`,
    /** A line of a list whose ticket someone took, or that moved on otherwise. */
    ticketListLineTaken: (line: string, name: string) => `${line} → ${name}`,
    ticketListLineMovedOn: (line: string, status: string) => `${line} (${status})`,
    /** Under a new ticket's card in the technicians' group, once it is no longer open. */
    cardTaken: (name: string) => `✅ Взята в работу: ${name}`,
    cardMovedOn: (status: string) => `Статус: ${status}`,
    /** A button of one notice among several in a message names its ticket or task: "Подтвердить №7". */
    numberedButton: (label: string, ref: string) => `${label} ${ref}`,
    ticketRef: (number: number) => `№${number}`,
    taskRef: (number: number) => `п${number}`,
    heldSummary: (parts: readonly string[]) => `Пока вы были недоступны: ${parts.join(', ')}.`,
    heldHint: 'Ваши заявки и поручения: /my',
    heldQueueHint: 'Очередь заявок: /queue',
    /** What a held notice counts as in that summary: forms for 1, 2–4 and 5 ("1 новая заявка", "3 новые заявки", "5 новых заявок"). */
    held: {
      newTickets: ['новая заявка', 'новые заявки', 'новых заявок'],
      assignedTickets: ['назначенная вам заявка', 'назначенные вам заявки', 'назначенных вам заявок'],
      resolvedTickets: ['решённая заявка', 'решённые заявки', 'решённых заявок'],
      reopenedTickets: ['возвращённая в работу заявка', 'возвращённые в работу заявки', 'возвращённых в работу заявок'],
      comments: ['комментарий', 'комментария', 'комментариев'],
      cancelledTickets: ['отменённая заявка', 'отменённые заявки', 'отменённых заявок'],
      newTasks: ['новое поручение', 'новых поручения', 'новых поручений'],
      missedDeadlines: ['пропущенный срок', 'пропущенных срока', 'пропущенных сроков'],
      completedTasks: ['выполненное поручение на проверку', 'выполненных поручения на проверку', 'выполненных поручений на проверку'],
      returnedTasks: ['возвращённое на доработку поручение', 'возвращённых на доработку поручения', 'возвращённых на доработку поручений'],
      cancelledTasks: ['отменённое поручение', 'отменённых поручения', 'отменённых поручений'],
      messages: ['сообщение', 'сообщения', 'сообщений'],
      takenTickets: ['заявка взята в работу', 'заявки взяты в работу', 'заявок взято в работу'],
      reassignedTickets: ['переданная другому заявка', 'переданные другому заявки', 'переданных другому заявок'],
      priorityChanges: ['смена приоритета', 'смены приоритета', 'смен приоритета'],
      confirmedTickets: ['подтверждённое решение', 'подтверждённых решения', 'подтверждённых решений'],
      autoClosedTickets: ['автоматически закрытая заявка', 'автоматически закрытые заявки', 'автоматически закрытых заявок'],
      acceptedTasks: ['принятое в работу поручение', 'принятых в работу поручения', 'принятых в работу поручений'],
      approvedTasks: ['принятая работа', 'принятые работы', 'принятых работ'],
      extendedDeadlines: ['перенесённый срок', 'перенесённых срока', 'перенесённых сроков'],
      questions: ['вопрос по заявке', 'вопроса по заявкам', 'вопросов по заявкам'],
      answers: ['ответ автора', 'ответа авторов', 'ответов авторов'],
      ratings: ['оценка решения', 'оценки решений', 'оценок решений'],
      escalations: ['эскалация', 'эскалации', 'эскалаций'],
      followedTickets: ['новость по заявке, к которой вы присоединились', 'новости по заявкам, к которым вы присоединились', 'новостей по заявкам, к которым вы присоединились'],
      repeatProblems: ['повторяющаяся проблема', 'повторяющиеся проблемы', 'повторяющихся проблем'],
      accessRequests: ['заявка на доступ', 'заявки на доступ', 'заявок на доступ'],
    } satisfies Record<string, PluralForms>,
    digestYesterday: 'Вчера',
    digestToday: 'Сейчас',
  },

  /** Notices added with the notification matrix (docs/notifications.md): what a person hears of others' actions. */
  notices: {
    /** To the author: the creation reply promised it ("Я сообщу, когда её возьмут в работу"). */
    ticketTaken: (number: number, title: string, assignee: string) => `🛠 Заявка №${number} «${title}» взята в работу. Исполнитель: ${assignee}.`,
    ticketAssigneeChanged: (number: number, title: string, assignee: string) =>
      `🔁 Заявка №${number} «${title}»: сменился исполнитель. Теперь это ${assignee}.`,
    /** To the technician a manager took the ticket from. */
    ticketReassignedAway: (number: number, title: string, assignee: string) =>
      `🔁 Заявку №${number} «${title}» передали другому исполнителю: ${assignee}. Вам её делать больше не нужно.`,
    ticketPriorityChanged: (number: number, title: string, from: string, to: string, who: string, due: string) =>
      `Приоритет заявки №${number} «${title}» изменён: ${from} → ${to} (${who}).\nНовый срок: ${due}.`,
    ticketConfirmed: (number: number, title: string, author: string) => `👍 ${author} подтвердил(а) решение заявки №${number} «${title}». Заявка закрыта.`,
    ticketAutoClosedAuthor: (number: number, title: string) =>
      `Заявка №${number} «${title}» закрыта автоматически: решение не подтвердили вовремя.`,
    ticketAutoClosedReopenUntil: (until: string) => `Если проблема осталась, её можно вернуть в работу до ${until}.`,
    ticketAutoClosedReopen: 'Если проблема осталась, её можно вернуть в работу.',
    ticketAutoClosedAssignee: (number: number, title: string) =>
      `Заявка №${number} «${title}» закрыта автоматически: автор не ответил на решение.`,
    taskAccepted: (number: number, title: string, assignee: string) => `${assignee} принял(а) поручение п${number} «${title}» в работу.`,
    taskApproved: (number: number, title: string, onTime: boolean) =>
      `✅ Работа по поручению п${number} «${title}» принята: выполнено ${onTime ? 'в срок' : 'с опозданием'}.`,
    taskExtendedAssignee: (number: number, title: string, deadline: string, previous: string, reason: string) =>
      `🗓 Срок поручения п${number} «${title}» перенесён.\nНовый срок: ${deadline} (был: ${previous}).\nПричина: ${reason}`,
    taskExtendedIssuer: (number: number, title: string, who: string, deadline: string, reason: string) =>
      `🗓 ${who} перенёс(ла) срок поручения п${number} «${title}».\nНовый срок: ${deadline}.\nПричина: ${reason}`,
    /** How the last moment to reopen reads (luxon format, Russian month names): "10 декабря 2026, 15:00". */
    momentFormat: 'd MMMM yyyy, HH:mm',
  },

  common: {
    cancelled: 'Хорошо, отменил. Можно начать заново.',
    nothingToCancel: 'Сейчас нечего отменять.',
    expired: 'Эта форма устарела. Начните заново: /new или /task.',
    unknown: 'Не понял. Список команд: /help',
    notRegistered: 'Сначала зарегистрируйтесь: /start',
    stateUnavailable: 'Сейчас не могу сохранить ваш ответ: временная неполадка. Попробуйте через минуту.',
    failed: 'Что-то пошло не так. Попробуйте ещё раз чуть позже.',
    buttonDone: 'Готово',
    staleButton: 'Эта кнопка устарела.',
    emptyText: 'Напишите, пожалуйста, текстом.',
    none: '—',
  },

  refusals: {
    actor_unknown: 'Сначала зарегистрируйтесь: /start',
    actor_pending: 'Ваш доступ ещё не подтверждён администратором.',
    actor_inactive: 'Ваш доступ к боту отключён.',
    not_permitted: 'Это действие вам недоступно.',
    not_found: 'Не нашёл такую запись.',
    already_exists: 'Это уже сделано.',
    invalid_transition: 'Сейчас это сделать нельзя: состояние уже изменилось.',
    invalid_input: 'Проверьте введённые данные: что-то слишком длинное или пустое.',
    category_not_allowed: 'Эта категория заявок не ваша.',
    assignee_not_eligible: 'Этому сотруднику нельзя это поручить.',
    no_change: 'Ничего не изменилось.',
    reason_required: 'Нужно указать причину.',
    deadline_in_past: 'Срок уже прошёл. Укажите время в будущем.',
    deadline_not_later: 'Новый срок должен быть позже текущего.',
    deadline_not_passed: 'Срок ещё не прошёл.',
    already_recorded: 'Это уже записано.',
    reopen_window_passed: 'Заявку уже нельзя вернуть: прошло слишком много времени после закрытия. Откройте новую: /new',
    auto_close_not_due: 'Ещё рано закрывать заявку автоматически.',
    concurrency_conflict: 'Кто-то изменил запись одновременно с вами. Попробуйте ещё раз.',
    waiting_not_due: 'Автор ещё может ответить: срок не прошёл.',
    rating_window_passed: 'Оценку можно изменить только в течение суток. Спасибо, ваша оценка уже учтена.',
  } satisfies Record<RefusalCode, string>,

  /** A manager gives a ticket to a technician from its card. */
  assignment: {
    assign: 'Назначить',
    reassign: 'Переназначить',
    choose: (number: number) => `Заявка №${number}: кому назначить? Сначала — техники этой категории; в скобках — заявок в работе.`,
    noTechnicians: 'Активных техников нет. Техника можно подтвердить или вернуть в /staff.',
    technician: (name: string, inProgress: number, ofCategory: boolean) => `${ofCategory ? '★ ' : ''}${name} (${inProgress})`,
    assigned: (number: number, name: string) => `Заявка №${number} назначена: ${name}.`,
    notAllowed: 'Назначать заявки могут заместитель, директор и администратор.',
  },

  /** A technician's ticket categories: chosen at approval and in /staff. */
  staffCategories: {
    button: 'Категории',
    all: 'Все категории',
    done: 'Готово',
    choose: (name: string) => `${name}: какие заявки получает техник? Отметьте категории и нажмите «Готово». Ничего не отмечено — все категории.`,
    allShort: 'все категории',
    line: (categories: string) => `категории: ${categories}`,
    approved: (name: string, categories: string) => `${name}: доступ открыт, роль — техник, ${categories}.`,
    changed: (name: string, categories: string) => `${name}: ${categories}.`,
  },

  /** /staff: a count and pages. */
  staffList: {
    title: (count: number, page: number, pages: number) =>
      `Сотрудники: ${count} ${pluralForm(count, ['человек', 'человека', 'человек'])}${pages > 1 ? `, страница ${page} из ${pages}` : ''}`,
  },

  /** Cards a person may not see. */
  visibility: {
    task: 'Это поручение вам не видно.',
    comments: (count: number) =>
      `Комментарии (${count}) видят автор, исполнитель, техники и руководство.`,
  },

  rooms: {
    /** The room as a ticket's place and in messages: "каб. 204 (Кабинет информатики)", "Спортзал". */
    label: (number: string, name: string) =>
      /^\d/.test(number) ? (name ? `каб. ${number} (${name})` : `каб. ${number}`) : name || number,
    posterTitle: (number: string, name: string) => name || `Кабинет ${number}`,
    /** Under a named room's title, its number when it has one people read ("каб. 204"). */
    posterNumber: (number: string, name: string) => (name && /^\d/.test(number) ? `каб. ${number}` : ''),
    posterAction: 'Сообщить о проблеме',
    posterHint: 'Наведите камеру телефона на код: откроется бот школы. Опишите, что случилось, и заявка сразу уйдёт тем, кто чинит.',
    floor: (floor: number) => (floor === 0 ? 'цокольный этаж' : floor < 0 ? `подвал (${floor})` : `${floor}-й этаж`),
    askWhatIsWrong: (label: string, category: string) =>
      `📍 ${label}\nКатегория: ${category}\n\nЧто случилось? Опишите проблему одним сообщением (можно фото с подписью). Передумали — /cancel`,
    askWords: 'Опишите проблему словами: к фото добавьте подпись или напишите сообщение.',
    unknownRoom: (number: string) =>
      `Помещение «${number}» не найдено в списке школы: возможно, код на двери устарел. Сообщите о проблеме обычным путём: /new`,
    rememberedNew: (label: string) => `Вы открыли код на двери: ${label}. Сначала зарегистрируйтесь; после подтверждения я предложу открыть заявку.`,
    rememberedPending: (label: string) =>
      `Ваша регистрация ещё ждёт подтверждения администратора. Как только вас подтвердят, я предложу открыть заявку: ${label}.`,
    offerAfterApproval: (label: string) => `Вы отсканировали код на двери: ${label}. Сообщить о проблеме?`,
    offerButton: 'Сообщить о проблеме',
    listTitle: (count: number) => `Помещения школы: ${count}`,
    listLine: (label: string, floor: string, category: string) => `• ${label}${floor ? `, ${floor}` : ''}: ${category}`,
    listEmpty: 'Помещений пока нет. Администратор загружает их список командой schoolbot rooms import rooms.csv.',
    listHint: 'Изменить помещение: /rooms и его номер, например /rooms 204',
    adminsOnly: 'Список помещений ведут администраторы.',
    card: (label: string, floor: string, category: string, link: string) =>
      `${label}\n${floor ? `Этаж: ${floor}\n` : ''}Категория по умолчанию: ${category}\nСсылка с плаката: ${link}`,
    categoryButton: 'Категория',
    renameButton: 'Название',
    chooseCategory: (label: string) => `${label}: выберите категорию по умолчанию для заявок из этого помещения.`,
    categoryChanged: (label: string, category: string) => `${label}: теперь заявки по коду на двери получают категорию «${category}».`,
    askName: (label: string) => `${label}: напишите новое название (или «-», чтобы убрать его и оставить номер). Передумали — /cancel`,
    renamed: (label: string) => `Готово: ${label}. Название на плакате сменится, когда его напечатают заново.`,
  },

  /** The command menu beside the text field (setMyCommands): a short description per command, by command. */
  commandMenu: {
    start: 'Начать: регистрация и приветствие',
    help: 'Что умеет бот',
    new: 'Сообщить о проблеме (новая заявка)',
    my: 'Мои заявки и поручения',
    tasks: 'Мои поручения и выданные мной',
    ticket: 'Карточка заявки по номеру: /ticket 12',
    queue: 'Очередь открытых заявок',
    task: 'Дать поручение',
    kpi: 'Показатели',
    history: 'История заявки или поручения: /history 12',
    staff: 'Сотрудники: подтвердить, сменить роль, отключить',
    rooms: 'Помещения школы и QR-плакаты',
    cancel: 'Выйти из текущего шага',
    export: 'Выгрузка в Excel: заявки, поручения, показатели',
    find: 'Поиск заявок и поручений: /find проектор 204',
    repeat: 'Повторяющиеся поручения',
    room: 'История помещения: /room 204',
    orders: 'Поручения нескольким: сводки',
    merge: 'Объединить заявку-дубль: /merge 125 124',
  },

  /** Weekdays from Monday (luxon's weekday 1–7) in the cases a date phrase needs. */
  weekdays: {
    /** "суббота, 5 декабря": a deadline shown on its own ("Срок: суббота, …"). */
    nominative: ['понедельник', 'вторник', 'среда', 'четверг', 'пятница', 'суббота', 'воскресенье'],
    /** "до субботы, 5 декабря". */
    genitive: ['понедельника', 'вторника', 'среды', 'четверга', 'пятницы', 'субботы', 'воскресенья'],
    /** "в субботу". */
    accusative: ['понедельник', 'вторник', 'среду', 'четверг', 'пятницу', 'субботу', 'воскресенье'],
  } satisfies Record<WeekdayCase, readonly string[]>,

  /** Quiet hours (docs/notifications.md): why a notice arrives at another moment than its news. */
  quietHours: {
    /** The last line of a notice held for the school morning. */
    held: 'Отложено до начала учебного дня: бот не пишет ночью, в выходные и в каникулы.',
    /** The last line of a reminder sent ahead of a night, a day off or a vacation. */
    early: 'Напоминаем заранее: бот не пишет ночью, в выходные и в каникулы.',
    /** A reminder that quiet hours moved: no countdown ("через 24 ч" would no longer be true). */
    taskDueAhead: (number: number, title: string, deadline: string) => `⏰ Скоро срок поручения п${number}: ${title} (до ${deadline})`,
  },

  /** A ticket waiting on its author's answer (issue 14, item 5). */
  askAuthor: {
    button: 'Нужна информация',
    answerButton: 'Ответить',
    resumeButton: 'Продолжить без ответа',
    ask: (number: number) => `Заявка №${number}: что нужно узнать у автора? Напишите вопрос одним сообщением.`,
    asked: (number: number) => `Вопрос отправлен автору. Заявка №${number} ждёт ответа; срок на это время остановлен.`,
    askAnswer: (number: number) => `Заявка №${number}: напишите ответ одним сообщением.`,
    answered: (number: number) => `Спасибо! Ответ передан исполнителю, заявка №${number} снова в работе.`,
    resumed: (number: number, due: string) => `Заявка №${number} снова в работе без ответа автора. Срок: ${due}.`,
    /** To the author: the question, with Ответить. */
    question: (number: number, title: string, who: string, question: string) =>
      `❓ ${who} спрашивает по вашей заявке №${number} «${title}»:\n${question}\n\nПока вы не ответите, заявка ждёт.`,
    /** To the one who asked: the author's answer. */
    answer: (number: number, title: string, who: string, answer: string, due: string) =>
      `💬 ${who} ответил(а) на вопрос по заявке №${number} «${title}»:\n${answer}\n\nЗаявка снова в работе. Срок: ${due}.`,
    /** To the author (when someone else went on without the answer). */
    resumedNotice: (number: number, title: string) => `Заявка №${number} «${title}» снова в работе: ответ на вопрос больше не нужен.`,
    reminder: (number: number, title: string, question: string, closes: string) =>
      `⏳ Напоминаем: по вашей заявке №${number} «${title}» ждут ответа на вопрос:\n${question}\n\nЕсли ответа не будет, заявка закроется ${closes}.`,
    closedAuthor: (number: number, title: string) =>
      `Заявка №${number} «${title}» закрыта автоматически: на вопрос по ней так и не ответили.`,
    closedReopen: 'Если помощь всё ещё нужна, заявку можно вернуть в работу.',
    closedTechnician: (number: number, title: string) =>
      `Заявка №${number} «${title}» закрыта автоматически: автор не ответил на вопрос.`,
    notWaiting: (number: number) => `Заявка №${number} уже не ждёт ответа.`,
    /** How the closing moment reads in the reminder: "10 декабря, 15:00". */
    momentFormat: 'd MMMM, HH:mm',
  },

  /** The author's rating of a resolution (issue 14, item 6). */
  rating: {
    ask: (number: number, title: string) => `⭐ Оцените решение заявки №${number} «${title}»: 1 — плохо, 5 — отлично.`,
    thanks: (rating: number) => `Спасибо за оценку: ${rating} из 5. Хотите добавить комментарий? Напишите его одним сообщением или нажмите «Пропустить».`,
    skip: 'Пропустить',
    skipped: 'Хорошо, без комментария. Спасибо!',
    commented: 'Спасибо, комментарий к оценке записан.',
    notYours: 'Эту заявку оценивает её автор.',
    stale: 'Эта оценка уже неактуальна: заявку вернули в работу или закрыли иначе.',
    /** To the category's lead: a low rating (1–2). */
    low: (number: number, title: string, rating: number, technician: string, comment: string | undefined) =>
      `⚠️ Низкая оценка решения заявки №${number} «${title}»: ${rating} из 5. Исполнитель: ${technician}.${comment ? `\nКомментарий автора: ${comment}` : ''}`,
    byPerson: 'Оценка решений по исполнителям:',
    personLine: (name: string, average: number, count: number) => `${name}: ${average.toFixed(1).replace('.', ',')} из 5 (оценок: ${count})`,
    kpiLine: (average: number | null, count: number) =>
      `Оценка решений: ${average === null ? '—' : `${average.toFixed(1).replace('.', ',')} из 5`} (оценок: ${count})`,
  },

  /** /export: a spreadsheet of tickets, tasks or KPI for a period (adapters/telegram/flows/export.ts). */
  export: {
    chooseKind: 'Что выгрузить? Файл Excel придёт сюда же.',
    kinds: { tickets: 'Заявки', tasks: 'Поручения', kpi: 'Показатели' } as Record<string, string>,
    choosePeriod: (kind: string) => `${kind}: за какой период?`,
    periods: {
      week: 'Эта неделя',
      month: 'Этот месяц',
      lastMonth: 'Прошлый месяц',
      schoolYear: 'Этот учебный год',
      lastSchoolYear: 'Прошлый учебный год',
    } as Record<string, string>,
    notAllowed: 'Выгрузку делают заместители директора, директор, аудитор и администратор.',
    unavailable: 'Выгрузка сейчас недоступна. Попробуйте позже или обратитесь к администратору.',
    /** The document's caption: "Заявки за 01.11.2026–30.11.2026: 124 строки." */
    caption: (kind: string, from: string, to: string, rows: number) =>
      `${kind} за ${from === to ? from : `${from}–${to}`}: ${counted(rows, ['строка', 'строки', 'строк'])}.`,
    empty: (kind: string, from: string, to: string) => `${kind} за ${from === to ? from : `${from}–${to}`}: нет ни одной записи.`,
    tooLarge: (rows: number, limit: number, command: string) =>
      `Это ${counted(rows, ['строка', 'строки', 'строк'])}: в Telegram я отправляю выгрузки не больше ${counted(limit, ['строки', 'строк', 'строк'])}. ` +
      `Большую выгрузку сделает администратор на сервере бота командой:\n${command}`,
    tooHeavy: (megabytes: number, command: string) =>
      `Файл получился ${megabytes} МБ: это больше, чем Telegram позволяет боту отправить. ` +
      `Большую выгрузку сделает администратор на сервере бота командой:\n${command}`,
    yes: 'да',
    no: 'нет',
    wholeSchool: 'Вся школа',
  },

  /** /find: search of tickets and tasks (docs/search.md). */
  find: {
    ask: [
      'Что найти? Напишите слова, номер или кабинет, например:',
      '• проектор 204',
      '• №124',
      '• открытые заявки за октябрь',
      '• кран с 1.10 по 31.10',
      '/cancel — отменить',
    ].join('\n'),
    badDate: 'Такой даты нет. Напишите дату как 1.10 или 01.10.2026.',
    nothing: (query: string) => `По запросу «${query}» ничего не нашлось.`,
    heading: (query: string, total: number) => `Поиск «${query}»: найдено ${total}`,
    /** More than `total` match: the list shows the first `total` (docs/search.md); the person may narrow it. */
    headingMore: (query: string, total: number) => `Поиск «${query}»: найдено больше ${total}, показаны первые ${total}. Уточните запрос: добавьте слово, кабинет или период.`,
    ticketLine: (number: number, title: string, status: string, overdue: boolean) =>
      `№${number} · ${title} — ${status}${overdue ? ' ⚠️ просрочена' : ''}`,
    taskLine: (number: number, title: string, status: string, overdue: boolean) =>
      `п${number} · ${title} — ${status}${overdue ? ' ⚠️ просрочено' : ''}`,
    expired: 'Этот поиск устарел. Повторите его: /find и слова.',
  },


  /** SLA: due moments on the card, the escalation ladder's notices and history lines, category leads. */
  sla: {
    /** On the card: the first response while nobody is on the ticket, the resolution after. */
    respondBy: (when: string) => `Взять в работу до: ${when}`,
    resolveBy: (when: string) => `Решить до: ${when}`,
    overdueMark: ' ⚠️ просрочено',
    historyFirstResponse: (due: string, whom: string) => `эскалация: к ${due} заявку никто не взял в работу; сообщено: ${whom}`,
    historyResolution: (due: string, whom: string) => `эскалация: к ${due} заявка не решена; сообщено: ${whom}`,
    historyTask: (deadline: string, whom: string) => `эскалация: поручение так и не выполнено после срока ${deadline}; сообщено: ${whom}`,
    whomLeads: (count: number) => (count === 1 ? 'ответственному за направление' : `ответственным за направление (${count})`),
    whomDirector: (count: number) => (count === 1 ? 'директору' : `директорам (${count})`),
    whomNobody: 'некому (нет ни ответственного, ни директора)',
    /** To a category's lead: nobody took a ticket of their category in time. */
    noticeFirstResponse: (number: number, title: string, category: string, priority: string, due: string) =>
      `⏰ Заявку №${number} «${title}» (${category}, приоритет ${priority}) никто не взял в работу к сроку (${due}). Назначьте исполнителя.`,
    /** To the director: the same when the category has no lead. */
    noticeFirstResponseDirector: (number: number, title: string, category: string, priority: string, due: string) =>
      `⏰ Заявку №${number} «${title}» (${category}, приоритет ${priority}) никто не взял в работу к сроку (${due}), а ответственного за это направление нет. Назначьте исполнителя.`,
    /** To the director: a ticket is not resolved by its resolution target. */
    noticeResolution: (number: number, title: string, category: string, priority: string, due: string) =>
      `⏰ Заявка №${number} «${title}» (${category}, приоритет ${priority}) не решена к сроку (${due}).`,
    /** To the director: a task is still not done well after its missed deadline. */
    noticeTask: (number: number, title: string, assignee: string, deadline: string) =>
      `⏰ Поручение п${number} «${title}» (исполнитель: ${assignee}) так и не выполнено, хотя срок ${deadline} давно прошёл.`,
    /** /staff: a person's categories as a lead. */
    leadsButton: 'Ответственный за…',
    leadsChoose: (name: string) =>
      `${name}: за какие направления отвечает? Ответственный узнаёт о заявках своего направления, которые никто не взял в работу вовремя. Отметьте направления и нажмите «Готово».`,
    leadsLine: (categories: string) => `отвечает за: ${categories}`,
    leadsNone: 'ни за что',
    /** /kpi and the digest: SLA figures in school time. */
    kpiTitle: 'Сроки заявок (в рабочем времени школы):',
    kpiLine: (resolved: number, firstResponse: string, resolution: string, met: string) =>
      `решено ${resolved}; медиана до взятия в работу: ${firstResponse}; медиана до решения: ${resolution}; в срок: ${met}`,
    kpiTechnicians: 'По техникам:',
    kpiTechnician: (name: string, line: string) => `• ${name}: ${line}`,
    /** A span of school time: "25 мин", "3,5 ч". */
    duration: (ms: number | null) =>
      ms === null ? '—' : ms < 3_600_000 ? `${Math.round(ms / 60_000)} мин` : `${(ms / 3_600_000).toFixed(1).replace('.', ',')} ч`,
    percent: (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 100)}%`),
    leadsChanged: (name: string, categories: string) =>
      categories === '' ? `${name}: больше не отвечает ни за одно направление.` : `${name}: отвечает за направления: ${categories}.`,
  },

  /** Recurring orders (/repeat): the wizard, the echo of the schedule, the list with its buttons. */
  recurrence: {
    notAllowed: 'Повторяющиеся поручения дают заместители директора, директор и администратор.',
    chooseAssignee: 'Новое повторяющееся поручение. Кому? Напишите часть фамилии для поиска.',
    askTitle: (name: string) => `Повторяющееся поручение для: ${name}. Что нужно делать? Напишите одним сообщением.`,
    askSchedule:
      'Как часто? Например: «каждый понедельник в 9:00», «каждый учебный день в 8:00», «каждое 1-е число», «раз в две недели по пятницам».',
    unreadableSchedule:
      'Не понял расписание. Примеры: «каждый понедельник в 9:00», «по вторникам и четвергам в 14:30», «каждый учебный день в 8:00», «каждое 1-е число», «раз в две недели по пятницам».',
    noSuchTime: 'Такого времени нет. Напишите, например: «в 9:00».',
    askDeadline: 'Какой срок у каждого поручения? Например: «в тот же день в 15:00», «на следующий день в 12:00», «через 2 дня».',
    unreadableDeadline: 'Не понял срок. Примеры: «в тот же день в 15:00», «на следующий день в 12:00», «через 2 дня».',
    deadlineBeforeIssue: (issue: string) => `Срок должен быть позже, чем поручение выдаётся (${issue}). Напишите другой срок.`,
    /** "каждый понедельник", "каждую среду", "каждое воскресенье". */
    everyWeekday: ['каждый понедельник', 'каждый вторник', 'каждую среду', 'каждый четверг', 'каждую пятницу', 'каждую субботу', 'каждое воскресенье'],
    /** "по понедельникам и средам". */
    onWeekdays: ['понедельникам', 'вторникам', 'средам', 'четвергам', 'пятницам', 'субботам', 'воскресеньям'],
    schoolDays: 'каждый учебный день',
    weekdaysList: (days: readonly string[]) => `по ${days.length === 1 ? days[0]! : `${days.slice(0, -1).join(', ')} и ${days[days.length - 1]!}`}`,
    everyWeeks: (count: number, what: string) => `раз в ${['', '', 'две', 'три', 'четыре'][count] ?? String(count)} недели ${what}`,
    monthly: (day: number) => (day > 28 ? `каждое ${day}-е число (в коротком месяце — последний день)` : `каждое ${day}-е число`),
    at: (what: string, time: string) => `${what} в ${time}`,
    dayOffNext: 'в выходной или в каникулы — в ближайший учебный день',
    dayOffSkip: 'в выходной или в каникулы — пропускается',
    deadlineSameDay: (time: string) => `в тот же день в ${time}`,
    deadlineNextDay: (time: string) => `на следующий учебный день в ${time}`,
    deadlineAfter: (days: string, time: string) => `через ${days} в ${time}`,
    schoolDayForms: ['учебный день', 'учебных дня', 'учебных дней'] as const,
    confirm: (name: string, title: string, schedule: string, dayOff: string | null, deadline: string, first: string) =>
      `Проверьте повторяющееся поручение:\nКому: ${name}\nЧто: ${title}\nКогда: ${schedule}${dayOff ? `\nЕсли ${dayOff}` : ''}\nСрок каждого: ${deadline}\nПервое: ${first}\n\nСоздать?`,
    noFirst: 'в ближайший год не выпадает ни разу',
    create: 'Создать',
    change: 'Сохранить',
    pickNext: 'Выходные → ближайший учебный день',
    pickSkip: 'Выходные → пропускать',
    created: (schedule: string) => `Повторяющееся поручение создано: ${schedule}. Каждое придёт исполнителю обычным поручением. Список: /repeat`,
    changed: 'Повторяющееся поручение изменено.',
    listTitle: (count: number, noun: string) => `Повторяющиеся поручения: ${count} ${noun}. Новое: /repeat и часть фамилии.`,
    listNouns: ['поручение', 'поручения', 'поручений'] as const,
    listEmpty: 'Повторяющихся поручений нет. Новое: /repeat и часть фамилии, например «/repeat иван».',
    card: (title: string, name: string, schedule: string, status: string, next: string, issued: number) =>
      `🔁 ${title}\nКому: ${name}\nКогда: ${schedule}\nСтатус: ${status}\nСледующее: ${next}\nВыдано: ${issued}`,
    statuses: { active: 'действует', paused: 'на паузе', stopped: 'остановлено' } as Record<string, string>,
    noNext: '—',
    /** On the card: occurrences not issued, "7.12, 14.12". */
    missedDeadline: (dates: string) => `Не выданы: ${dates} — срок прошёл, пока поручения не выдавались (бот не работал)`,
    missedRefused: (dates: string) => `Не выданы: ${dates} — поручение не принято (исполнитель отключён или у автора больше нет прав)`,
    buttons: { pause: 'Пауза', resume: 'Возобновить', change: 'Изменить', stop: 'Остановить' },
    paused: 'Повторяющееся поручение на паузе: пока оно на паузе, новые поручения не выдаются.',
    resumed: 'Повторяющееся поручение снова действует. Пропущенные за паузу не выдаются.',
    stopped: 'Повторяющееся поручение остановлено. Уже выданные поручения остаются.',
    askNewSchedule: (title: string) =>
      `«${title}»: новое расписание? Например: «каждый понедельник в 9:00», «каждый учебный день в 8:00».`,
    notFound: 'Такого повторяющегося поручения нет.',
  },

  /** "Об этом уже сообщили": joining an open ticket instead of a duplicate, followers, merging (issue 15, item 6). */
  dupes: {
    /** How long ago a ticket was opened, in school-zone calendar days. */
    openedWhen: (days: number) =>
      days <= 0 ? 'открыта сегодня' : days === 1 ? 'открыта вчера' : `открыта ${counted(days, ['день', 'дня', 'дней'])} назад`,
    offerOne: (number: number, title: string, when: string) => `Уже есть заявка №${number} «${title}» (${when}). Присоединиться?`,
    offerMany: 'Похоже, об этом уже сообщили:',
    offerLine: (number: number, title: string, when: string) => `№${number} «${title}» (${when})`,
    offerHint:
      'Если это то же самое, присоединитесь: я сообщу о каждом изменении, а исполнитель увидит, что проблема касается и вас. Если у вас другое — откройте свою заявку.',
    joinButton: (number: number) => `Присоединиться к №${number}`,
    declineButton: 'Нет, у меня другое',
    joined: (number: number) => `Вы присоединились к заявке №${number}. Сообщу о каждом её изменении; свою заявку открывать не нужно.`,
    alreadyAuthor: (number: number) => `Заявка №${number} — ваша: вы и так узнаете о каждом её изменении.`,
    declined: 'Хорошо, откроем вашу заявку.',
    staleOffer: 'Это предложение устарело. Откройте заявку заново: /new',
    notLive: (number: number) => `Заявка №${number} уже не в работе — присоединиться нельзя. Откройте свою заявку: /new`,
    /** To a follower: what happened to the ticket they joined. */
    followerTaken: (number: number, title: string, who: string) => `Заявку №${number} «${title}», к которой вы присоединились, взял(а) в работу ${who}.`,
    followerResolved: (number: number, title: string, resolution: string) =>
      `✅ Заявка №${number} «${title}», к которой вы присоединились, решена: ${resolution}`,
    followerClosed: (number: number, title: string) => `Заявка №${number} «${title}», к которой вы присоединились, закрыта.`,
    followerReopened: (number: number, title: string, reason: string) =>
      `Заявка №${number} «${title}», к которой вы присоединились, снова в работе: ${reason}`,
    followerCancelled: (number: number, title: string, reason: string) =>
      `Заявка №${number} «${title}», к которой вы присоединились, отменена: ${reason}`,
    followerCommented: (number: number, title: string, who: string, text: string) =>
      `💬 Комментарий к заявке №${number} «${title}», к которой вы присоединились (${who}): ${text}`,
    /** To the author and the followers of a merged ticket. */
    mergedNotice: (number: number, into: number, title: string) =>
      `Заявка №${number} объединена с заявкой №${into} «${title}» — это одна и та же проблема. Заявка №${number} закрыта; я сообщу вам о каждом изменении заявки №${into}.`,
    /** The ticket card. */
    reach: (people: number) => `Сообщили: ${counted(people, ['человек', 'человека', 'человек'])}`,
    mergedInto: (into: number) => `Объединена с заявкой №${into}`,
    mergeButton: 'Объединить',
    askSurvivor: (number: number) =>
      `Заявка №${number}: с какой заявкой её объединить? Напишите номер заявки, которая останется. Заявка №${number} закроется, её автор будет следить за той.`,
    mergeUsage: 'Напишите так: /merge 125 124 — заявка №125 закроется и объединится с заявкой №124.',
    notANumber: 'Нужен номер заявки, например: 124',
    merged: (number: number, into: number) =>
      `Заявка №${number} объединена с заявкой №${into}: №${number} закрыта, её автор и присоединившиеся теперь следят за №${into}.`,
    mergeIntoItself: 'Заявку нельзя объединить саму с собой.',
    survivorNotLive: (into: number) => `Заявка №${into} уже не в работе: объединять можно только с заявкой, над которой ещё работают.`,
    /** History lines. */
    historyFollowed: 'Присоединился(-ась) к заявке: об этом уже сообщили',
    historyMerged: (into: number) => `Объединена с заявкой №${into} и закрыта; работа идёт там`,
    historyAbsorbed: (from: number, followers: number) =>
      `С ней объединена заявка №${from}${followers > 0 ? `; теперь следят ещё ${counted(followers, ['человек', 'человека', 'человек'])}` : ''}`,
  },

  /** A room's history (/room 204, the card's button), its room given by a technician, and a repeat problem. */
  roomHistory: {
    ask: 'Какое помещение? Напишите номер после команды, например: /room 204',
    unknown: (typed: string) => `Помещение «${typed}» не найдено: его нет в списке школы и заявок по нему не было.`,
    heading: (label: string, total: number) => `История: ${label} — ${counted(total, ['заявка', 'заявки', 'заявок'])}, новые сверху`,
    empty: (label: string) => `История: ${label} — заявок пока не было.`,
    button: (label: string) => `История: ${label}`,
    setButton: 'Указать помещение',
    askRoom: (number: number) => `Заявка №${number}: в каком помещении? Напишите номер, например 204 или 12а. Передумали — /cancel`,
    badRoom: (typed: string) => `«${typed}» не похоже на номер помещения. Напишите номер, например 204 или 12а.`,
    notInList: (number: string) => `Помещения «${number}» нет в списке школы. Проверьте номер или попросите администратора добавить его (/rooms).`,
    roomSet: (number: number, label: string) => `Готово: заявка №${number} теперь в истории помещения ${label}.`,
    historySet: (room: string) => `указал(а) помещение: ${room}`,
    historyChanged: (from: string, to: string) => `сменил(а) помещение: ${from} → ${to}`,
    ordinals: ['первая', 'вторая', 'третья', 'четвёртая', 'пятая', 'шестая', 'седьмая', 'восьмая', 'девятая', 'десятая'] as readonly string[],
    /** «каб. 204, «ИТ и компьютеры»: третья заявка за месяц (№3, №7, №9)». */
    repeatNotice: (label: string, category: string, ordinal: string, numbers: string, lastTitle: string) =>
      `🔁 Повторяется: ${label}, «${category}» — ${ordinal} заявка за месяц (${numbers}).\nПоследняя: ${lastTitle}\nВозможно, стоит найти причину, а не чинить в очередной раз.`,
    historyButton: 'История помещения',
  },

  /** Staff groups in /staff (issue 15, item 1): admins keep named groups of staff for orders to many. */
  staffGroups: {
    button: 'Группы',
    title: (count: number) => `Группы сотрудников: ${count}`,
    none: 'Групп пока нет. Группа — это список сотрудников, которым можно дать одно поручение на всех.',
    line: (name: string, count: number) => `• ${name} — ${counted(count, ['человек', 'человека', 'человек'])}`,
    create: '➕ Новая группа',
    askName: 'Как назвать группу? Например: «Классные руководители 5–7».',
    created: (name: string) => `Группа «${name}» создана. Добавьте в неё сотрудников.`,
    card: (name: string, members: readonly string[]) =>
      members.length === 0
        ? `Группа «${name}»\nВ группе пока никого нет.`
        : `Группа «${name}», ${counted(members.length, ['человек', 'человека', 'человек'])}:\n${members.map((m) => `• ${m}`).join('\n')}`,
    add: '➕ Добавить сотрудников',
    drop: (name: string) => `➖ ${name}`,
    rename: 'Переименовать',
    remove: 'Удалить группу',
    back: '« Все группы',
    askMember: (group: string) => `Группа «${group}»: напишите часть фамилии сотрудника, которого нужно добавить.`,
    pickMembers: (group: string) => `Кого добавить в группу «${group}»? Нажмите на имя; можно написать ещё одну фамилию.`,
    noMatches: 'Никого не нашёл. Попробуйте другую часть фамилии.',
    added: (name: string, group: string) => `${name} — теперь в группе «${group}».`,
    dropped: (name: string, group: string) => `${name} больше не в группе «${group}».`,
    askNewName: (group: string) => `Новое название для группы «${group}»?`,
    renamed: (name: string) => `Группа переименована: «${name}».`,
    askRemove: (name: string) => `Удалить группу «${name}»? Поручения, уже отданные её участникам, останутся в силе.`,
    confirmRemove: 'Да, удалить',
    removed: (name: string) => `Группа «${name}» удалена.`,
    notFound: 'Такой группы нет: возможно, её уже удалили.',
  },

  /** One order to many (issue 15, item 2): several people, a group or a role; the issuer's summary card. */
  orders: {
    manyButton: '👥 Нескольким: группе, роли или списку',
    chooseKind: 'Кому поручение? Каждый получит своё поручение со своим номером и сроком.',
    byGroup: 'Группе сотрудников',
    byRole: 'Всем с одной ролью',
    byPeople: 'Выбрать людей по списку',
    chooseGroup: 'Какой группе?',
    noGroups: 'Групп пока нет: их заводит администратор в /staff → «Группы».',
    chooseRole: 'Всем сотрудникам с какой ролью?',
    askPeople: 'Напишите часть фамилии, чтобы найти сотрудника.',
    picked: (count: number) =>
      `Выбрано: ${counted(count, ['человек', 'человека', 'человек'])}. Напишите ещё одну фамилию или нажмите «Готово».`,
    pickFromMatches: 'Нажмите на имя, чтобы добавить его или убрать:',
    noMatches: 'Никого не нашёл. Попробуйте другую часть фамилии.',
    done: (count: number) => `Готово (${count})`,
    nobody: 'Никого не выбрано: некому давать поручение.',
    whomGroup: (name: string, count: number) => `группа «${name}» (${counted(count, ['человек', 'человека', 'человек'])})`,
    whomRole: (role: string, count: number) => `все с ролью «${role}» (${counted(count, ['человек', 'человека', 'человек'])})`,
    whomPeople: (names: readonly string[]) => (names.length <= 5 ? names.join(', ') : `${names.slice(0, 5).join(', ')} и ещё ${names.length - 5}`),
    created: (count: number, first: number, last: number) =>
      count === 1
        ? `Поручение п${first} отправлено одному сотруднику.`
        : `Поручение отправлено ${counted(count, ['сотруднику', 'сотрудникам', 'сотрудникам'])}: у каждого своё, п${first}–п${last}.`,
    skipped: (count: number) => `Не отправлено ${counted(count, ['сотруднику', 'сотрудникам', 'сотрудникам'])}: доступ отключён или ещё не подтверждён.`,
    open: 'Открыть сводку',
    summaryTitle: (title: string, deadline: string) => `📋 Сводка по поручению «${title}»\nСрок: ${deadline}`,
    counts: (done: number, total: number, overdue: number) => `Выполнили ${done} из ${total}, просрочили ${overdue}`,
    awaiting: (count: number) => `ждут вашей проверки: ${count}`,
    cancelledCount: (count: number) => `отменено: ${count}`,
    missing: (count: number) => `ещё не выданы: ${count}`,
    cancelledMark: '❌ Поручение отменено.',
    line: (ref: string, name: string, status: string) => `${ref} ${name} — ${status}`,
    overdueMark: ' ⚠️ просрочено',
    more: (count: number) => `…и ещё ${counted(count, ['поручение', 'поручения', 'поручений'])}`,
    remind: '🔔 Напомнить невыполнившим',
    refresh: '🔄 Обновить',
    cancel: 'Отменить для всех',
    approve: (ref: string) => `✅ Принять ${ref}`,
    return: (ref: string) => `↩️ Вернуть ${ref}`,
    reminded: (count: number) => `Напоминание отправлено: ${counted(count, ['сотруднику', 'сотрудникам', 'сотрудникам'])}.`,
    nobodyToRemind: 'Напоминать некому: все уже выполнили.',
    askCancel: (title: string) => `Отменить поручение «${title}» для всех, кто его ещё не выполнил?`,
    confirmCancel: 'Да, отменить',
    keep: 'Нет',
    cancelReason: 'руководитель отменил это поручение для всех получателей',
    cancelled: (count: number) =>
      count === 0 ? 'Поручение отменено. Незавершённых поручений не было.' : `Поручение отменено: снято ${counted(count, ['незавершённое поручение', 'незавершённых поручения', 'незавершённых поручений'])}, каждому сообщено.`,
    progress: (title: string, done: number, total: number, overdue: number) => `📋 «${title}»: выполнили ${done} из ${total}, просрочили ${overdue}.`,
    reminder: (number: number, title: string, deadline: string) => `🔔 Напоминание: поручение п${number} «${title}» нужно выполнить до ${deadline}.`,
    listTitle: 'Ваши поручения нескольким сотрудникам:',
    listNone: 'Вы ещё не давали поручений нескольким сотрудникам. Дать: /task',
    listLine: (title: string, counts: string, cancelled: boolean) => `• «${title}»: ${counts}${cancelled ? ' (отменено)' : ''}`,
    notFound: 'Такого поручения нет.',
    notYours: 'Сводку видит тот, кто дал поручение, и администратор.',
    notAllowed: 'Давать поручения могут заместители директора, директор и администратор.',
  },
};

/** A word's forms for 1, for 2–4 and for 5 or more: "заявка", "заявки", "заявок". */
export type PluralForms = readonly [one: string, few: string, many: string];

/** The form of a word that agrees with `count` in Russian (21 заявка, 22 заявки, 25 заявок, 11–14 заявок). */
export function pluralForm(count: number, [one, few, many]: PluralForms): string {
  const lastTwo = Math.abs(Math.trunc(count)) % 100;
  const last = lastTwo % 10;
  if (lastTwo >= 11 && lastTwo <= 14) return many;
  if (last === 1) return one;
  if (last >= 2 && last <= 4) return few;
  return many;
}

/** A count with its word: "3 новые заявки". */
export const counted = (count: number, forms: PluralForms): string => `${count} ${pluralForm(count, forms)}`;

/** The cases a weekday is shown in: "суббота" (on its own), "до субботы", "в субботу". */
export type WeekdayCase = 'nominative' | 'genitive' | 'accusative';

/** A weekday's name (1 = Monday … 7 = Sunday, as luxon numbers them) in the given case. */
export const weekdayName = (weekday: number, grammaticalCase: WeekdayCase = 'nominative'): string =>
  ru.weekdays[grammaticalCase][(((Math.trunc(weekday) - 1) % 7) + 7) % 7]!;

export type Texts = typeof ru;
export const texts: Texts = ru;

/** The label of a category, or the slug itself for a category added by configuration. */
export const categoryName = (slug: string): string => ru.categories[slug] ?? slug;
