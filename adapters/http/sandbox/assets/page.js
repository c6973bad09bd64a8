// The sandbox's web chat: panes side by side, each one person in their private chat with the bot or in the
// technicians' group. Chats come from the local Bot API (/sandbox/api/…) and change live over Server-Sent
// Events (/sandbox/events). Plain browser JavaScript, no build step, nothing fetched from elsewhere.
/* global document, window, fetch, EventSource, setTimeout, clearTimeout, URLSearchParams, CSS */

const MAX_PANES = 3;
const state = { people: [], techChat: { id: 0, title: '', topics: [] }, panes: [] };

const el = (tag, props = {}, children = []) => {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('data-')) node.setAttribute(key, value);
    else node[key] = value;
  }
  for (const child of children) if (child) node.append(child);
  return node;
};

async function call(path, body) {
  const response = await fetch(`/sandbox/api/${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const answer = await response.json().catch(() => ({}));
  return { ok: response.ok, answer };
}

function notice(text) {
  const node = document.getElementById('notice');
  node.textContent = text;
  node.hidden = !text;
}

const personById = (id) => state.people.find((p) => p.id === id);
const chatIdOf = (pane) => (pane.view === 'group' ? state.techChat.id : pane.personId);
const topicName = (id) => state.techChat.topics.find((t) => t.id === id)?.name;

async function loadPeople() {
  const { answer } = await call('state');
  state.people = answer.people ?? [];
  state.techChat = answer.techChat ?? state.techChat;
  for (const pane of state.panes) fillPersonas(pane);
}

function fillPersonas(pane) {
  const select = pane.node.querySelector('.persona');
  const options = state.people.map((p) => el('option', { value: String(p.id), text: `${p.name} — ${p.roleLabel}` }));
  select.replaceChildren(...options);
  if (!personById(pane.personId) && state.people[0]) pane.personId = state.people[0].id;
  select.value = String(pane.personId);
}

let peopleTimer;
function refreshPeopleSoon() {
  clearTimeout(peopleTimer);
  peopleTimer = setTimeout(() => void loadPeople(), 400);
}

function photoNode(fileId) {
  const img = el('img', { src: `/sandbox/files/${encodeURIComponent(fileId)}`, alt: 'Фото', loading: 'lazy' });
  img.addEventListener('error', () => img.replaceWith(el('div', { class: 'nophoto', text: 'Фото' })));
  return img;
}

function keyboardNode(pane, message) {
  const rows = message.reply_markup?.inline_keyboard;
  if (!Array.isArray(rows) || rows.length === 0) return null;
  return el(
    'div',
    { class: 'keyboard' },
    rows.map((row) =>
      el(
        'div',
        { class: 'row' },
        row.map((b) => {
          const button = el('button', { type: 'button', text: b.text, 'data-data': b.callback_data ?? '' });
          button.addEventListener('click', () => {
            if (b.url) window.open(b.url, '_blank', 'noopener');
            else void call('press', { from: pane.personId, chatId: message.chat.id, messageId: message.message_id, data: b.callback_data });
          });
          return button;
        }),
      ),
    ),
  );
}

function time(message) {
  const date = new Date((message.date ?? 0) * 1000);
  return date.toLocaleTimeString('ru-RU', { hour: '2-digit', minute: '2-digit' });
}

function messageNode(pane, message) {
  const mine = message.from && message.from.id === pane.personId;
  const who = message.from ? (mine ? null : message.from.first_name) : pane.view === 'group' ? 'SchoolBot' : null;
  const words = message.text ?? message.caption;
  const topic = pane.view === 'group' && pane.topic === null && message.message_thread_id !== undefined ? topicName(message.message_thread_id) : undefined;
  const node = el('div', { class: `msg${mine ? ' mine' : ''}`, 'data-id': String(message.message_id), 'data-testid': 'message' }, [
    who ? el('div', { class: 'who', text: who }) : null,
    topic ? el('div', { class: 'topic', text: `# ${topic}` }) : null,
    message.photo ? (message.media_group_id ? el('div', { class: 'album', 'data-group': message.media_group_id }, [photoNode(message.photo)]) : photoNode(message.photo)) : null,
    message.document
      ? el('a', { class: 'doc', href: `/sandbox/files/${encodeURIComponent(message.document)}?download`, text: `Файл: ${message.document_name ?? 'документ'}`, download: message.document_name ?? '' })
      : null,
    words ? el('div', { class: 'words', text: words }) : null,
    keyboardNode(pane, message),
    el('div', { class: 'meta', text: `${message.edited ? 'изменено · ' : ''}${time(message)}` }),
  ]);
  return node;
}

function shows(pane, message) {
  if (message.chat.id !== chatIdOf(pane)) return false;
  return pane.view !== 'group' || pane.topic === null || message.message_thread_id === pane.topic;
}

function place(pane, message) {
  const list = pane.node.querySelector('.messages');
  list.querySelector('.empty')?.remove();
  const existing = list.querySelector(`.msg[data-id="${message.message_id}"]`);
  if (existing) {
    existing.replaceWith(messageNode(pane, message));
    return;
  }
  // A photo of an album joins the album's first message.
  const album = message.media_group_id ? list.querySelector(`.album[data-group="${CSS.escape(message.media_group_id)}"]`) : null;
  if (album) {
    album.append(photoNode(message.photo));
    const words = message.caption;
    if (words && !album.parentElement.querySelector('.words')) album.after(el('div', { class: 'words', text: words }));
  } else {
    list.append(messageNode(pane, message));
  }
  list.scrollTop = list.scrollHeight;
}

function emptyNote(pane) {
  const text = pane.view === 'group' ? 'В группе пока тихо.' : 'Напишите /start, чтобы начать.';
  return el('div', { class: 'empty', text });
}

async function loadChat(pane) {
  const chatId = chatIdOf(pane);
  if (!chatId) return;
  const { answer } = await call(`chat/${chatId}`);
  if (chatId !== chatIdOf(pane)) return;
  const list = pane.node.querySelector('.messages');
  list.replaceChildren();
  const shown = (answer.messages ?? []).filter((m) => shows(pane, m));
  if (shown.length === 0) list.append(emptyNote(pane));
  for (const message of shown) place(pane, message);
  pane.menu = answer.menu ?? [];
  renderMenu(pane);
}

function renderTopics(pane) {
  const nav = pane.node.querySelector('.topics');
  nav.hidden = pane.view !== 'group';
  const choice = (id, name) => {
    const button = el('button', { type: 'button', text: name, class: pane.topic === id ? 'on' : '' });
    button.addEventListener('click', () => {
      pane.topic = id;
      renderTopics(pane);
      void loadChat(pane);
    });
    return button;
  };
  nav.replaceChildren(choice(null, 'Все темы'), ...state.techChat.topics.map((t) => choice(t.id, t.name)));
}

function renderMenu(pane) {
  const menu = pane.node.querySelector('.menu');
  menu.replaceChildren(
    ...pane.menu.map((c) => {
      const button = el('button', { type: 'button', 'data-command': c.command }, [el('b', { text: `/${c.command}` }), document.createTextNode(c.description)]);
      button.addEventListener('click', () => {
        menu.hidden = true;
        void say(pane, `/${c.command}`);
      });
      return button;
    }),
  );
  pane.node.querySelector('.menu-button').hidden = pane.view === 'group' || pane.menu.length === 0;
}

function say(pane, text) {
  const threadId = pane.view === 'group' ? pane.topic : null;
  return call('send', { from: pane.personId, chatId: chatIdOf(pane), text, ...(threadId ? { threadId } : {}) });
}

async function sendPhoto(pane, file, caption) {
  const query = new URLSearchParams({ from: String(pane.personId), chatId: String(chatIdOf(pane)), name: file.name || 'photo.jpg' });
  if (caption) query.set('caption', caption);
  if (pane.view === 'group' && pane.topic) query.set('threadId', String(pane.topic));
  await fetch(`/sandbox/api/photo?${query}`, { method: 'POST', headers: { 'content-type': file.type || 'application/octet-stream' }, body: file });
}

function toast(pane, text) {
  const node = pane.node.querySelector('.toast');
  node.textContent = text;
  node.hidden = false;
  clearTimeout(pane.toastTimer);
  pane.toastTimer = setTimeout(() => (node.hidden = true), 3500);
}

function setView(pane, view) {
  pane.view = view;
  pane.topic = null;
  for (const button of pane.node.querySelectorAll('.view')) button.classList.toggle('on', button.dataset.view === view);
  renderTopics(pane);
  void loadChat(pane);
}

function addPane(personId) {
  if (state.panes.length >= MAX_PANES) return;
  const node = document.getElementById('pane').content.firstElementChild.cloneNode(true);
  const pane = { node, personId, view: 'private', topic: null, menu: [] };
  state.panes.push(pane);
  document.getElementById('panes').append(node);
  node.dataset.pane = String(state.panes.length - 1);
  fillPersonas(pane);
  node.querySelector('.persona').addEventListener('change', (event) => {
    pane.personId = Number(event.target.value);
    void loadChat(pane);
  });
  for (const button of node.querySelectorAll('.view')) button.addEventListener('click', () => setView(pane, button.dataset.view));
  node.querySelector('.close').addEventListener('click', () => {
    if (state.panes.length === 1) return;
    state.panes.splice(state.panes.indexOf(pane), 1);
    node.remove();
  });
  node.querySelector('.menu-button').addEventListener('click', () => {
    const menu = node.querySelector('.menu');
    menu.hidden = !menu.hidden;
  });
  const text = node.querySelector('.text');
  node.querySelector('.composer').addEventListener('submit', (event) => {
    event.preventDefault();
    const words = text.value.trim();
    if (!words) return;
    text.value = '';
    void say(pane, words);
  });
  node.querySelector('.photo').addEventListener('change', (event) => {
    const file = event.target.files?.[0];
    if (!file) return;
    const caption = text.value.trim();
    text.value = '';
    event.target.value = '';
    void sendPhoto(pane, file, caption);
  });
  setView(pane, 'private');
}

function onEvent(event) {
  if (event.kind === 'message' || event.kind === 'edit') {
    const message = event.kind === 'edit' ? { ...event.message, edited: true } : event.message;
    for (const pane of state.panes) if (shows(pane, message)) place(pane, message);
    refreshPeopleSoon();
  } else if (event.kind === 'delete') {
    for (const pane of state.panes) {
      if (chatIdOf(pane) === event.chatId) pane.node.querySelector(`.msg[data-id="${event.messageId}"]`)?.remove();
    }
  } else if (event.kind === 'menu') {
    for (const pane of state.panes) {
      if (pane.view === 'private' && (event.chatId === undefined || event.chatId === pane.personId)) void loadChat(pane);
    }
  } else if (event.kind === 'answer') {
    for (const pane of state.panes) if (pane.personId === event.userId) toast(pane, event.text);
  }
}

async function main() {
  await loadPeople();
  const first = state.people[0]?.id ?? 0;
  addPane(first);
  addPane(first);
  document.getElementById('add-pane').addEventListener('click', () => addPane(first));
  document.getElementById('add-person').addEventListener('submit', async (event) => {
    event.preventDefault();
    const input = document.getElementById('person-name');
    const name = input.value.trim();
    if (!name) return;
    const { ok, answer } = await call('people', { name });
    if (!ok) return notice('Не удалось добавить человека.');
    input.value = '';
    await loadPeople();
    notice(`Новый человек: ${answer.name}. Выберите этого человека в окне и напишите /start.`);
  });
  document.getElementById('demo').addEventListener('click', async (event) => {
    event.target.disabled = true;
    notice('Заполняю демо-школу…');
    const { answer } = await call('demo', {});
    event.target.disabled = false;
    notice(answer.ok ? answer.summary : answer.message ?? 'Не получилось.');
    await loadPeople();
  });
  const events = new EventSource('/sandbox/events');
  events.addEventListener('message', (message) => onEvent(JSON.parse(message.data)));
  events.addEventListener('open', () => {
    document.body.dataset.live = 'yes';
    for (const pane of state.panes) void loadChat(pane);
  });
}

void main();
