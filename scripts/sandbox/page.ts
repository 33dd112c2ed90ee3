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
  .client { padding: 10px 16px; cursor: pointer; border-bottom: 1px solid #eef1f4; }
  .client.active { background: #419fd9; color: #fff; }
  .client small { display: block; opacity: .7; }
  form.new { padding: 10px 16px; border-top: 1px solid #d5dbe1; display: grid; gap: 6px; }
  form.new input, form.new select, form.new button { font: inherit; padding: 6px 8px; }
  main { flex: 1; display: flex; flex-direction: column; }
  header { background: #fff; padding: 12px 18px; border-bottom: 1px solid #d5dbe1; font-weight: 600; }
  #chat { flex: 1; overflow-y: auto; padding: 18px; display: flex; flex-direction: column; gap: 6px; }
  .msg { max-width: 70%; padding: 7px 11px; border-radius: 12px; white-space: pre-wrap; word-wrap: break-word; }
  .msg.me { align-self: flex-end; background: #effdde; }
  .msg.bot { align-self: flex-start; background: #fff; }
  .msg time { display: block; font-size: 11px; opacity: .5; text-align: right; }
  .empty { margin: auto; color: #7a8691; text-align: center; }
  footer { background: #fff; padding: 10px; display: flex; gap: 8px; border-top: 1px solid #d5dbe1; }
  footer input { flex: 1; font: inherit; padding: 9px 12px; border: 1px solid #d5dbe1; border-radius: 18px; }
  footer button { font: inherit; border: 0; background: #419fd9; color: #fff; border-radius: 18px; padding: 0 14px; cursor: pointer; }
  footer button.secondary { background: #e7ebf0; color: #222; }
  .msg img { display: block; max-width: 100%; max-height: 300px; border-radius: 8px; }
  #chat.dragging { outline: 3px dashed #419fd9; outline-offset: -8px; }
  footer label { background: #e7ebf0; border-radius: 18px; padding: 8px 12px; cursor: pointer; }
</style>
</head>
<body>
<aside>
  <h1>Telegram sandbox</h1>
  <div id="clients"></div>
  <form class="new" id="new-client">
    <input name="name" placeholder="Client's first name" required maxlength="40">
    <select name="lang"><option value="ru">Russian client (ru)</option><option value="en">English client (en)</option></select>
    <button>Add client</button>
  </form>
</aside>
<main>
  <header id="title">Add a client on the left, then write to the bot</header>
  <div id="chat"><p class="empty">Messages you send here reach the service desk as if they came from Telegram.<br>
  Employees answer through the REST API (Swagger at /docs on the gateway).</p></div>
  <footer>
    <button class="secondary" id="start" title="Send /start">/start</button>
    <button class="secondary" id="photo" title="Send a photo, with the typed text as its caption">Photo</button>
    <label class="secondary" title="Send a file (or drop one on the chat); the typed text is its caption">📎<input type="file" id="file" hidden></label>
    <input id="text" placeholder="Message" autocomplete="off" disabled>
    <button id="send">Send</button>
  </footer>
</main>
<script>
const state = JSON.parse(localStorage.getItem('sandbox') || '{"clients":[],"active":null}');
const sent = JSON.parse(localStorage.getItem('sandbox-sent') || '{}');
let botMessages = [];
let lastSeq = 0;
const $ = (id) => document.getElementById(id);
const save = () => { localStorage.setItem('sandbox', JSON.stringify(state)); localStorage.setItem('sandbox-sent', JSON.stringify(sent)); };
const active = () => state.clients.find((c) => c.id === state.active);

function renderClients() {
  $('clients').innerHTML = '';
  for (const client of state.clients) {
    const el = document.createElement('div');
    el.className = 'client' + (client.id === state.active ? ' active' : '');
    el.innerHTML = '<b></b><small></small>';
    el.querySelector('b').textContent = client.first_name;
    el.querySelector('small').textContent = 'id ' + client.id + ' · ' + client.language_code;
    el.onclick = () => { state.active = client.id; save(); render(); };
    $('clients').appendChild(el);
  }
}

function renderChat() {
  const client = active();
  $('text').disabled = !client;
  if (!client) return;
  $('title').textContent = client.first_name + ' ↔ @service_desk_bot';
  const mine = (sent[client.id] || []).map((m) => ({ ...m, who: 'me' }));
  const theirs = botMessages.filter((m) => m.chatId === client.id).map((m) => ({ text: m.text, at: m.sentAt, who: 'bot', file: m.file }));
  const all = [...mine, ...theirs].sort((a, b) => a.at - b.at);
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
  try {
    const response = await fetch('/_emulator/bot-messages?sinceSeq=' + lastSeq);
    const body = await response.json();
    const fresh = Array.isArray(body) ? body : body.result || [];
    if (fresh.length) {
      botMessages = botMessages.concat(fresh);
      lastSeq = Math.max(lastSeq, ...fresh.map((m) => m.seq));
      renderChat();
    }
  } catch (e) { /* the stack is restarting; try again */ }
  setTimeout(poll, 700);
}

$('new-client').onsubmit = (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const first_name = String(form.get('name')).trim();
  const client = { id: 100000 + Math.floor(Math.random() * 900000000), first_name, username: first_name.toLowerCase().replace(/\\W+/g, '_'), language_code: String(form.get('lang')) };
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
  if (!file) return;
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
