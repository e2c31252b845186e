// chargpt serve: the page. Plain JavaScript, no framework and no network beyond this server.
// The text is kept as an array of characters (Unicode code points, as the model reads them), each
// with how many characters before it the model read to predict it; a click reads that window
// through /api/attention and draws what every head looked at.
'use strict';

const $ = (id) => document.getElementById(id);
const state = {
  chars: [],      // every character of the text, one code point each
  context: [],    // per character: how many characters before it the model read to predict it
  blockSize: 0,
  selected: -1,
  overlay: { layer: 0, head: 0 },
  reading: null,  // the last /api/attention answer for the selected character
  request: 0,     // numbers the attention requests, so a late answer for an old click is dropped
  controller: null,
};

// A character as it is drawn: whitespace and control characters get a visible sign, the rest is itself.
function visible(c) {
  if (c === ' ') return { text: '·', cls: 'ws' };
  if (c === '\n') return { text: '↵\n', cls: 'ws nl' };
  if (c === '\t') return { text: '→\t', cls: 'ws' };
  if (c === '\r') return { text: '␍', cls: 'ws' };
  const code = c.codePointAt(0);
  if (code < 0x20) return { text: String.fromCodePoint(0x2400 + code), cls: 'ws' };
  if (code === 0x7f) return { text: '␡', cls: 'ws' };
  return { text: c, cls: '' };
}

// How a character is named in sentences: 'e', space, line break, U+00E9 é.
function named(c) {
  if (c === ' ') return 'space';
  if (c === '\n') return 'line break';
  if (c === '\t') return 'tab';
  const code = c.codePointAt(0);
  if (code < 0x20 || code === 0x7f) return 'U+' + code.toString(16).toUpperCase().padStart(4, '0');
  return '‘' + c + '’';
}

function span(c, cls) {
  const v = visible(c);
  const s = document.createElement('span');
  s.className = (cls + ' ' + v.cls).trim();
  s.textContent = v.text;
  s.dataset.c = c;
  return s;
}

function setState(name) {
  document.body.dataset.state = name;
}

function showError(message) {
  const box = $('error');
  box.textContent = message;
  box.hidden = false;
  setState('error');
}

async function loadModel() {
  const response = await fetch('api/model');
  const model = await response.json();
  state.blockSize = model.blockSize;
  $('model').textContent = `${model.run} (${model.checkpoint} checkpoint): ${model.layers} layers × ${model.heads} heads × `
    + `${model.width}, reads ${model.blockSize} characters, knows ${model.vocabulary.length}`;
  $('length').max = model.limits.maxLength;
  $('length').value = model.defaults.length;
  $('temperature').value = model.defaults.temperature;
  setState('ready');
}

function numberOrNull(id) {
  const text = $(id).value.trim();
  return text === '' ? null : Number(text);
}

function requestBody() {
  const body = {
    prompt: $('prompt').value,
    length: numberOrNull('length'),
    temperature: numberOrNull('temperature'),
    topK: numberOrNull('topK'),
    topP: numberOrNull('topP'),
    context: $('context').value,
    dropUnknown: $('dropUnknown').checked,
    pace: Number($('pace').value),
  };
  const seed = $('seed').value.trim();
  if (seed !== '') {
    // A seed is a 64-bit integer: sent as the digits typed, not through a JavaScript number, which would round it.
    if (!/^-?\d{1,19}$/.test(seed)) throw new Error('seed must be a whole number, or empty for a random one');
    return JSON.stringify(body).replace(/}$/, `,"seed":${seed}}`);
  }
  return JSON.stringify(body);
}

function clearText() {
  state.chars = [];
  state.context = [];
  state.selected = -1;
  state.reading = null;
  $('text').textContent = '';
  $('inspector').hidden = true;
}

function addCharacter(c, context, cls) {
  const i = state.chars.length;
  state.chars.push(c);
  state.context.push(context);
  const s = span(c, 'ch ' + cls);
  s.dataset.i = i;
  $('text').appendChild(s);
}

async function generate(event) {
  event.preventDefault();
  if (state.controller) state.controller.abort();
  $('error').hidden = true;
  let body;
  try {
    body = requestBody();
  } catch (e) {
    showError(e.message);
    return;
  }
  clearText();
  const controller = new AbortController();
  state.controller = controller;
  $('stop').disabled = false;
  $('status').textContent = 'writing…';
  setState('generating');
  try {
    const response = await fetch('api/generate', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body, signal: controller.signal,
    });
    if (!response.ok) {
      const answer = await response.json().catch(() => ({ error: response.statusText }));
      showError(`${answer.error} (HTTP ${response.status})`);
      $('status').textContent = '';
      return;
    }
    await readEvents(response.body.getReader());
  } catch (e) {
    if (e.name === 'AbortError') {
      $('status').textContent = `stopped after ${state.chars.length} characters`;
      setState('done');
    } else {
      showError('the connection to chargpt serve failed (' + e.message + '); is it still running?');
    }
  } finally {
    if (state.controller === controller) {
      state.controller = null;
      $('stop').disabled = true;
    }
  }
}

async function readEvents(reader) {
  const decoder = new TextDecoder();
  let pending = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    pending += decoder.decode(value, { stream: true });
    let newline;
    while ((newline = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      if (line) onEvent(JSON.parse(line));
    }
  }
}

let seedShown = '';
function onEvent(e) {
  if (e.type === 'start') {
    state.blockSize = e.blockSize;
    seedShown = String(e.seed);
    e.prompt.forEach((c, i) => addCharacter(c, e.context[i], 'prompt'));
  } else if (e.type === 'char') {
    addCharacter(e.char, e.context, 'gen');
    $('status').textContent = `writing… ${state.chars.length} characters`;
    if (state.selected === state.chars.length - 2) inspect(state.selected); // its next character just came
  } else if (e.type === 'end') {
    $('status').textContent = `done: ${e.length} characters, seed ${seedShown}`;
    setState('done');
  } else if (e.type === 'error') {
    showError(e.error);
  }
}

// The window the model read at position q: the characters that predicted the one after q.
// For the last character nothing came after it; it is read after those that predicted it.
function windowStart(q) {
  if (q + 1 < state.chars.length) return q + 1 - state.context[q + 1];
  return Math.max(0, q - state.context[q], q - state.blockSize + 1);
}

async function inspect(q) {
  if (q < 0 || q >= state.chars.length) return;
  select(q);
  const start = windowStart(q);
  const body = { prompt: state.chars.slice(start, q + 1).join('') };
  if (q + 1 < state.chars.length) body.next = state.chars[q + 1];
  const number = ++state.request;
  const inspector = $('inspector');
  inspector.dataset.ready = 'false';
  try {
    const response = await fetch('api/attention', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
    });
    const answer = await response.json();
    if (number !== state.request) return;
    if (!response.ok) {
      showError(`${answer.error} (HTTP ${response.status})`);
      return;
    }
    state.reading = { start, q, answer };
    drawInspector();
    inspector.dataset.ready = 'true';
  } catch (e) {
    if (number === state.request) showError('could not read the attention (' + e.message + ')');
  }
}

function select(q) {
  const text = $('text');
  const old = text.querySelector('.ch.selected');
  if (old) old.classList.remove('selected');
  state.selected = q;
  const s = text.children[q];
  if (s) {
    s.classList.add('selected');
    s.scrollIntoView({ block: 'nearest' });
  }
}

function percent(p) {
  return p >= 0.1 ? (p * 100).toFixed(1) + '%' : p >= 0.001 ? (p * 100).toFixed(2) + '%' : (p * 100).toPrecision(2) + '%';
}

function drawInspector() {
  const { q, answer } = state.reading;
  const row = answer.tokens.length - 1;
  const prediction = answer.predictions[row];
  const generated = $('text').children[q + 1] && $('text').children[q + 1].classList.contains('gen');
  $('inspector').hidden = false;
  $('where').textContent = `Character ${q + 1} of ${state.chars.length}: ${named(state.chars[q])}, `
    + `read with the ${answer.tokens.length} characters up to it`;

  const loss = $('loss');
  if (prediction.next !== undefined) {
    loss.innerHTML = '';
    const big = document.createElement('span');
    big.className = 'bits';
    big.textContent = prediction.bits.toFixed(2) + ' bits';
    loss.append(big, ` for ${named(prediction.next)}, which came next (${generated ? 'sampled' : 'from the prompt'}): `
      + `the model gave it ${percent(prediction.probability)}.`);
  } else {
    loss.textContent = 'Nothing came after this character yet.';
  }

  const list = $('likeliest');
  list.textContent = '';
  let shownNext = false;
  const addRow = (c, p) => {
    const item = document.createElement('li');
    const isNext = prediction.next !== undefined && c === prediction.next;
    shownNext = shownNext || isNext;
    if (isNext) item.className = 'came';
    const label = span(c, 'glyph');
    const bar = document.createElement('span');
    bar.className = 'bar';
    bar.style.width = Math.max(0.5, p * 100) + '%';
    const value = document.createElement('span');
    value.className = 'p';
    value.textContent = percent(p) + (isNext ? (generated ? '  ← sampled' : '  ← came next') : '');
    const track = document.createElement('span');
    track.className = 'track';
    track.append(bar);
    item.append(label, track, value);
    list.append(item);
  };
  prediction.likeliest.forEach((l) => addRow(l.char, l.probability));
  if (!shownNext && prediction.next !== undefined) addRow(prediction.next, prediction.probability);

  drawHeads();
  drawOverlay();
}

function shade(weight) {
  // Square root, as chargpt attention's pictures: 0.02 spread over many keys shows next to 0.9 on one.
  return `rgba(200, 50, 30, ${Math.sqrt(weight).toFixed(3)})`;
}

function drawHeads() {
  const { answer } = state.reading;
  const row = answer.tokens.length - 1;
  const heads = $('heads');
  heads.textContent = '';
  for (let layer = 0; layer < answer.layers; layer++) {
    for (let head = 0; head < answer.heads; head++) {
      const weights = answer.attention[layer][head][row];
      const box = document.createElement('button');
      box.type = 'button';
      box.className = 'head';
      box.dataset.layer = layer;
      box.dataset.head = head;
      if (layer === state.overlay.layer && head === state.overlay.head) box.classList.add('overlaid');
      const title = document.createElement('span');
      title.className = 'title';
      const strongest = weights.indexOf(Math.max(...weights));
      title.textContent = `layer ${layer} · head ${head}`;
      const note = document.createElement('span');
      note.className = 'note';
      note.textContent = `most on ${named(answer.tokens[strongest])} (${percent(weights[strongest])})`;
      const text = document.createElement('span');
      text.className = 'window';
      answer.tokens.forEach((c, k) => {
        const s = span(c, 'w' + (k === row ? ' query' : ''));
        s.dataset.w = weights[k];
        s.style.backgroundColor = shade(weights[k]);
        s.title = percent(weights[k]);
        text.append(s);
      });
      box.append(title, note, text);
      box.addEventListener('click', () => {
        state.overlay = { layer, head };
        drawHeads();
        drawOverlay();
      });
      heads.append(box);
    }
  }
}

// The picked head's weights drawn over the text itself.
function drawOverlay() {
  const text = $('text');
  for (const s of text.querySelectorAll('.ch.shaded')) {
    s.classList.remove('shaded');
    s.style.backgroundColor = '';
  }
  if (!state.reading) return;
  const { start, answer } = state.reading;
  const row = answer.tokens.length - 1;
  const weights = answer.attention[state.overlay.layer][state.overlay.head][row];
  weights.forEach((w, k) => {
    const s = text.children[start + k];
    if (s) {
      s.classList.add('shaded');
      s.style.backgroundColor = shade(w);
    }
  });
}

$('controls').addEventListener('submit', generate);
$('stop').addEventListener('click', () => state.controller && state.controller.abort());
$('text').addEventListener('click', (e) => {
  const s = e.target.closest('.ch');
  if (s) {
    $('text').focus({ preventScroll: true });
    inspect(Number(s.dataset.i));
  }
});
$('text').addEventListener('keydown', (e) => {
  const last = state.chars.length - 1;
  const moves = { ArrowLeft: state.selected - 1, ArrowRight: state.selected + 1, Home: 0, End: last };
  if (!(e.key in moves) || last < 0) return;
  e.preventDefault();
  inspect(Math.min(last, Math.max(0, state.selected < 0 ? 0 : moves[e.key])));
});

loadModel().catch((e) => showError('could not reach chargpt serve (' + e.message + ')'));
