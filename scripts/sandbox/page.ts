/** The sandbox chat page: plain HTML and script, talking to the emulator's `/_emulator` endpoints. */
export const SANDBOX_PAGE = /* html */ `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Service desk · Telegram sandbox</title>
<style>
  * { box-sizing: border-box; }
  body { margin: 0; font: 15px/1.4 system-ui, sans-serif; background: #e7ebf0; height: 100vh; display: flex; }
  aside { width: 260px; background: #fff; border-right: 1px solid #d5dbe1; display: flex; flex-direction: column; }
  aside h1 { font-size: 15px; margin: 0; padding: 14px 16px; background: #517da2; color: #fff; }
  #clients { flex: 1; overflow-y: auto; }
  .client { display: block; width: 100%; text-align: left; font: inherit; color: inherit; background: none; border: 0; padding: 10px 16px; cursor: pointer; border-bottom: 1px solid #eef1f4; }
  .client.active { background: #419fd9; color: #fff; }
  .client small { display: block; opacity: .7; }
  .client .unread { float: right; background: #4fae4e; color: #fff; border-radius: 10px; padding: 0 7px; font-size: 12px; font-weight: 600; }
  form.new { padding: 10px 16px; border-top: 1px solid #d5dbe1; display: grid; gap: 6px; }
  form.new input, form.new select, form.new button { font: inherit; padding: 6px 8px; }
  main { flex: 1; display: flex; flex-direction: column; }
  header { background: #fff; padding: 12px 18px; border-bottom: 1px solid #d5dbe1; font-weight: 600; }
  #chat { flex: 1; overflow-y: auto; padding: 18px; display: flex; flex-direction: column; gap: 6px; }
  .msg { max-width: 70%; padding: 7px 11px; border-radius: 12px; white-space: pre-wrap; word-wrap: break-word; }
  .msg.me { align-self: flex-end; background: #effdde; }
  .msg.bot { align-self: flex-start; background: #fff; }
  .msg.system { align-self: center; background: #fff3c4; font-size: 13px; }
  .msg time { display: block; font-size: 11px; opacity: .5; text-align: right; }
  .empty { margin: auto; color: #7a8691; text-align: center; }
  footer { background: #fff; padding: 10px; display: flex; gap: 8px; border-top: 1px solid #d5dbe1; }
  footer input { flex: 1; font: inherit; padding: 9px 12px; border: 1px solid #d5dbe1; border-radius: 18px; }
  footer button { font: inherit; border: 0; background: #419fd9; color: #fff; border-radius: 18px; padding: 0 14px; cursor: pointer; }
  footer button.secondary { background: #e7ebf0; color: #222; }
  .msg img { display: block; max-width: 100%; max-height: 300px; border-radius: 8px; }
  #chat.dragging { outline: 3px dashed #419fd9; outline-offset: -8px; }
  footer label { background: #e7ebf0; border-radius: 18px; padding: 8px 12px; cursor: pointer; }
  footer button:disabled { opacity: .45; cursor: not-allowed; }
  .hint { margin: 0; padding: 8px 18px; background: #fff; color: #7a8691; border-top: 1px solid #d5dbe1; }
</style>
</head>
<body>
<aside>
  <h1>Telegram sandbox</h1>
  <div id="clients"></div>
  <form class="new" id="new-client">
    <input name="name" placeholder="Client's first name" aria-label="Client's first name" required maxlength="40">
    <select name="lang" aria-label="Client's language"><option value="ru">Russian client (ru)</option><option value="en">English client (en)</option></select>
    <button>Add client</button>
  </form>
</aside>
<main>
  <header id="title">Add a client on the left, then write to the bot</header>
  <div id="chat"><p class="empty">Messages you send here reach the service desk as if they came from Telegram.<br>
  Employees answer through the REST API (Swagger at /docs on the gateway).</p></div>
  <p class="hint" id="no-client-hint">Add a client on the left first: /start, Photo and Send then write to the bot as that client.</p>
  <footer>
    <button class="secondary" id="start" title="Send /start" aria-describedby="no-client-hint" disabled>/start</button>
    <button class="secondary" id="photo" title="Send a photo, with the typed text as its caption" aria-describedby="no-client-hint" disabled>Photo</button>
    <label class="secondary" title="Send a file (or drop one on the chat); the typed text is its caption">📎<input type="file" id="file" aria-label="Send a file" aria-describedby="no-client-hint" hidden disabled></label>
    <input id="text" placeholder="Message" aria-label="Message" autocomplete="off" aria-describedby="no-client-hint" disabled>
    <button id="send" aria-describedby="no-client-hint" disabled>Send</button>
  </footer>
</main>
<script>
// Both sides of every chat live in this browser: the sandbox keeps the bot's messages only until it restarts.
// run: which run of the sandbox lastSeq counts in; restarts: when a new run was noticed (shown in the chats).
const state = { clients: [], active: null, run: null, lastSeq: 0, unread: {}, restarts: [], ...JSON.parse(localStorage.getItem('sandbox') || '{}') };
const sent = JSON.parse(localStorage.getItem('sandbox-sent') || '{}');
const received = JSON.parse(localStorage.getItem('sandbox-received') || '{}');
const $ = (id) => document.getElementById(id);
const save = () => {
  localStorage.setItem('sandbox', JSON.stringify(state));
  localStorage.setItem('sandbox-sent', JSON.stringify(sent));
  localStorage.setItem('sandbox-received', JSON.stringify(received));
};
const active = () => state.clients.find((c) => c.id === state.active);
/** Telegram usernames are Latin letters, digits and _; a name in another script gets none, as Telegram allows. */
const usernameFor = (name) => {
  const latin = name.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 32);
  return /^[a-z]/.test(latin) ? latin : undefined;
};

function renderClients() {
  $('clients').innerHTML = '';
  for (const client of state.clients) {
    const el = document.createElement('button');
    el.type = 'button';
    el.className = 'client' + (client.id === state.active ? ' active' : '');
    if (client.id === state.active) el.setAttribute('aria-current', 'true');
    el.innerHTML = '<b></b><small></small>';
    el.querySelector('b').textContent = client.first_name;
    el.querySelector('small').textContent = 'id ' + client.id + ' · ' + client.language_code + ' · ' + (client.username ? '@' + client.username : 'no username');
    const unread = state.unread[client.id] || 0;
    if (unread) {
      const badge = document.createElement('span');
      badge.className = 'unread';
      badge.textContent = unread + ' new';
      el.prepend(badge);
    }
    el.onclick = () => { state.active = client.id; delete state.unread[client.id]; save(); render(); };
    $('clients').appendChild(el);
  }
}

function renderChat() {
  const client = active();
  for (const id of ['start', 'photo', 'file', 'text', 'send']) $(id).disabled = !client;
  $('no-client-hint').hidden = Boolean(client);
  if (!client) return;
  $('title').textContent = client.first_name + ' ↔ @service_desk_bot';
  const mine = (sent[client.id] || []).map((m) => ({ ...m, who: 'me' }));
  const theirs = (received[client.id] || []).map((m) => ({ ...m, who: 'bot' }));
  const messages = [...mine, ...theirs];
  const since = Math.min(...messages.map((m) => m.at));
  const restarts = state.restarts.filter((at) => at > since)
    .map((at) => ({ text: 'The sandbox restarted: the bot’s messages above are kept in this browser.', at, who: 'system' }));
  const all = [...messages, ...restarts].sort((a, b) => a.at - b.at);
  const chat = $('chat');
  const atBottom = chat.scrollHeight - chat.scrollTop - chat.clientHeight < 40;
  chat.innerHTML = all.length ? '' : '<p class="empty">Say hello, or press /start.</p>';
  for (const m of all) {
    const el = document.createElement('div');
    el.className = 'msg ' + m.who;
    el.textContent = m.text;
    if (m.file) {
      const url = '/_emulator/files/' + encodeURIComponent(m.file.fileId);
      const link = document.createElement(m.file.kind === 'photo' ? 'img' : 'a');
      if (m.file.kind === 'photo') { link.src = url; link.alt = m.file.fileName; }
      else { link.href = url; link.download = m.file.fileName; link.textContent = '📄 ' + m.file.fileName + ' (' + Math.ceil(m.file.size / 1024) + ' KB)'; }
      el.prepend(link);
    }
    const time = document.createElement('time');
    time.textContent = new Date(m.at).toLocaleTimeString();
    el.appendChild(time);
    chat.appendChild(el);
  }
  if (atBottom) chat.scrollTop = chat.scrollHeight;
}

function render() { renderClients(); renderChat(); }

async function send(message, shown) {
  const client = active();
  if (!client) return;
  const user = { id: client.id, first_name: client.first_name, username: client.username, language_code: client.language_code };
  const response = await fetch('/_emulator/client-messages', {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user, message }),
  });
  if (!response.ok) { alert('The emulator refused: ' + (await response.text())); return; }
  (sent[client.id] = sent[client.id] || []).push({ text: shown, at: Date.now() });
  save();
  renderChat();
}

async function poll() {
  let again = 700;
  try {
    const response = await fetch('/sandbox/bot-messages?sinceSeq=' + state.lastSeq);
    const body = await response.json();
    if (body.run !== state.run) {
      // A new run numbers the bot's messages from 1 again: ask it from the start (what we have stays).
      if (state.run) state.restarts.push(body.startedAt);
      state.run = body.run;
      state.lastSeq = 0;
      again = 0;
      save();
    } else if (body.messages.length) {
      for (const m of body.messages) {
        (received[m.chatId] = received[m.chatId] || []).push({ text: m.text, at: m.sentAt, file: m.file });
        if (m.chatId !== state.active) state.unread[m.chatId] = (state.unread[m.chatId] || 0) + 1;
        state.lastSeq = Math.max(state.lastSeq, m.seq);
      }
      save();
      render();
    }
  } catch (e) { /* the stack is restarting; try again */ }
  setTimeout(poll, again);
}

$('new-client').onsubmit = (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const first_name = String(form.get('name')).trim();
  const client = { id: 100000 + Math.floor(Math.random() * 900000000), first_name, username: usernameFor(first_name), language_code: String(form.get('lang')) };
  state.clients.push(client);
  state.active = client.id;
  save();
  event.target.reset();
  render();
};
$('send').onclick = () => { const text = $('text').value.trim(); if (!text) return; $('text').value = ''; send({ text }, text); };
$('text').onkeydown = (event) => { if (event.key === 'Enter') $('send').click(); };
$('start').onclick = () => send({ command: 'start' }, '/start');
$('photo').onclick = () => { const caption = $('text').value.trim(); $('text').value = ''; send({ photo: true, caption: caption || undefined }, '📷 Photo' + (caption ? ': ' + caption : '')); };
async function sendFile(file) {
  if (!file || !active()) return;
  const bytes = await new Promise((resolve) => { const reader = new FileReader(); reader.onload = () => resolve(String(reader.result).split(',')[1] || ''); reader.readAsDataURL(file); });
  const caption = $('text').value.trim() || undefined;
  $('text').value = '';
  const isPhoto = file.type === 'image/jpeg' || file.type === 'image/png';
  send(isPhoto ? { photo: { bytes }, caption } : { document: { file_name: file.name, mime_type: file.type || 'application/octet-stream', bytes }, caption },
    (isPhoto ? '📷 ' : '📄 ') + file.name + (caption ? ': ' + caption : ''));
}
$('file').onchange = (event) => { sendFile(event.target.files[0]); event.target.value = ''; };
$('chat').ondragover = (event) => { event.preventDefault(); $('chat').classList.add('dragging'); };
$('chat').ondragleave = () => $('chat').classList.remove('dragging');
$('chat').ondrop = (event) => { event.preventDefault(); $('chat').classList.remove('dragging'); sendFile(event.dataTransfer.files[0]); };
render();
poll();
</script>
</body>
</html>`;
