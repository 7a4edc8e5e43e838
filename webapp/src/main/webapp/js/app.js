// The page: camera, controls, banner messages and the live stats panel around a ShieldSession.
import { ShieldSession } from './shield-session.js';
import { LiveChart } from './chart.js';
import { LinkQuality, POOR } from './link-quality.js';
import { EffectControls, PICTURE_CHOICE } from './effect-controls.js';
import { Reconnect } from './reconnect.js';

const $ = (id) => document.getElementById(id);
const ui = {
  remote: $('remote'), local: $('local'), screen: document.querySelector('.screen'), banner: $('banner'),
  network: $('network'), picture: $('picture'), shown: $('shown'), loop: $('loop'), freezes: $('freezes'), link: $('link'), loss: $('loss'),
  video: $('video'),
  start: $('start'), stop: $('stop'), state: $('state'), camera: $('camera'),
  rtt: $('rtt'), processing: $('processing'), fps: $('fps'), drops: $('drops'), hands: $('hands'),
  firstFrame: $('firstFrame'), cpu: $('cpu'), sessions: $('sessions'), route: $('route'),
};
// ?autostart starts at once (kiosks, tests); ?relay sends media through the server's TURN relay only
const params = new URLSearchParams(location.search);
const chart = new LiveChart($('chart'));

// read by tests and kiosk tooling; link: the last second's figures (LinkQuality), poorConnection: the notice shown,
// poorWhen: the thresholds it judges by; reconnects: per session lost and resumed, why it was lost, when (epoch ms)
// and the ms from the loss to live again; picturesSent: background pictures sent, a resumed session's included
const status = { state: 'idle', rttMs: null, firstFrameMs: null, stats: null, route: null, ended: null, link: null,
  poorConnection: false, poorWhen: POOR, reconnects: [], picturesSent: 0 };
window.magicShield = status;
status.rtcStats = () => (session ? session.rtcStats() : Promise.resolve(null));

const STATE_LABELS = { idle: 'Idle', connecting: 'Connecting…', reconnecting: 'Reconnecting…', live: 'Live',
  error: 'Stopped' };
const END_MESSAGES = {
  stopped: null,
  time_limit: 'Time is up: this session reached its time limit. Press Start for a new one.',
  offer_timeout: 'The browser did not set up the connection in time. Press Start to try again.',
  media_timeout: 'No video reached the server for a while, so the session was closed.',
  ice_failed: 'The media connection failed: no network route for video between you and the server.',
  connection_lost: 'The media connection was lost.',
  negotiation_failed: 'The server could not set up the video connection.',
  effect_failed: 'The effect stopped working on the server; please try again.',
  server_shutdown: 'The server is restarting. Please try again in a moment.',
};

let session = null;
let camera = null;          // kept across reconnections: a resumed session sends the same stream
// the background picture the person sent, kept while it is the background in force: a resumed session is a fresh one
// whose options go with "start", and a picture goes only as a message of its own, so it is sent again once ready
let picture = null;
const reconnect = new Reconnect();
let retryTimer = null;
let lastRtt = NaN;
let countdown = null;
let quality = null;
let qualityTimer = null;
const QUALITY_INTERVAL_MS = 1000;

function setState(state) {
  status.state = state;
  ui.state.dataset.state = state;
  ui.state.textContent = STATE_LABELS[state];
  const running = state === 'connecting' || state === 'reconnecting' || state === 'live';
  ui.start.disabled = running;
  ui.stop.disabled = !running;
}

function showBanner(text, kind = 'info') {
  ui.banner.hidden = !text;
  ui.banner.textContent = text ?? '';
  ui.banner.dataset.kind = kind;
}

const controls = new EffectControls();
// Until the table is read, Start waits for it; a page without it still runs with the server's defaults.
const controlsLoaded = controls.load($('effectControls')).catch((error) => {
  showBanner(`The effect's controls are unavailable: ${error.message}. The server's defaults apply.`, 'warn');
});

async function openCamera() {
  if (!navigator.mediaDevices?.getUserMedia) {
    throw new Error('This page needs a secure connection (https or localhost) to use the camera.');
  }
  const deviceId = ui.camera.value;
  const video = { width: { ideal: 640 }, height: { ideal: 480 }, frameRate: { ideal: 30 } };
  if (deviceId) video.deviceId = { exact: deviceId };
  try {
    return await navigator.mediaDevices.getUserMedia({ video, audio: false });
  } catch (error) {
    const messages = {
      NotAllowedError: 'Camera access was denied. Allow the camera for this site, then press Start again.',
      SecurityError: 'Camera access was denied. Allow the camera for this site, then press Start again.',
      NotFoundError: 'No camera was found. Connect a camera and press Start again.',
      OverconstrainedError: 'The chosen camera is not available. Pick another one.',
      NotReadableError: 'The camera is in use by another application.',
    };
    throw new Error(messages[error.name] ?? `The camera could not be opened (${error.message}).`);
  }
}

async function listCameras() {
  const devices = await navigator.mediaDevices.enumerateDevices();
  const current = ui.camera.value;
  ui.camera.replaceChildren(new Option('Default camera', ''));
  devices.filter((d) => d.kind === 'videoinput').forEach((d, i) => {
    ui.camera.add(new Option(d.label || `Camera ${i + 1}`, d.deviceId));
  });
  ui.camera.value = current;
}

function resetStats() {
  for (const key of ['rtt', 'processing', 'fps', 'drops', 'hands', 'firstFrame', 'cpu', 'sessions', 'route', 'shown',
    'loop', 'freezes', 'link', 'loss', 'video']) {
    ui[key].textContent = '–';
  }
  chart.clear();
  lastRtt = NaN;
  showNetworkNotice(null);
  showPicture(null);
}

async function start() {
  const clickedAt = performance.now();  // the first frame's time counts from here, opening the camera included
  showBanner(null);
  resetStats();
  setState('connecting');
  try {
    camera = await openCamera();
  } catch (error) {
    setState('error');
    showBanner(error.message, 'error');
    return;
  }
  listCameras().catch(() => {});
  ui.local.srcObject = camera;
  ui.screen.classList.add('live');
  await controlsLoaded;
  startSession(clickedAt);
}

/** A session with the page's camera and the controls' options: the first one, or a fresh one after a loss. */
function startSession(clickedAt) {
  session = new ShieldSession();
  let owed = picture; // a resumed session gets the picture once live (at "ready" its connection is not made yet)
  session.addEventListener('state', (e) => {
    onState(e.detail);
    if (e.detail === 'live' && owed) {
      sendPicture(owed);
      owed = null;
    }
  });
  session.addEventListener('remote', (e) => showRemote(e.detail, session));
  session.addEventListener('firstframe', (e) => {
    status.firstFrameMs = e.detail;
    ui.firstFrame.textContent = `${e.detail} ms`;
  });
  session.addEventListener('rtt', (e) => {
    lastRtt = e.detail;
    status.rttMs = e.detail;
    ui.rtt.textContent = `${e.detail.toFixed(1)} ms`;
  });
  session.addEventListener('stats', (e) => showStats(e.detail));
  session.addEventListener('route', (e) => showRoute(e.detail));
  session.addEventListener('warning', (e) => startCountdown(e.detail.secondsLeft));
  session.addEventListener('failure', (e) => {
    if (['IMAGE_REFUSED', 'NO_IMAGE'].includes(e.detail.code)) showBanner(e.detail.message, 'warn');
    else if (e.detail.recoverable) console.warn('server refused a message:', e.detail);
  });
  session.addEventListener('ended', (e) => onEnded(e.detail));
  session.addEventListener('ready', (e) => controls.show(e.detail.options));
  session.addEventListener('options', (e) => {
    controls.show(e.detail);
    if (!Object.values(e.detail).includes(PICTURE_CHOICE)) picture = null; // another background was chosen
  });
  session.start(camera, controls.changed(), { relayOnly: params.has('relay'), clickedAt });
}

function onState(state) {
  if (state === 'error') return; // the "ended" event that follows says whether the page tries again
  const resumed = state === 'live' ? reconnect.reset() : null;
  if (resumed) {
    status.reconnects.push(resumed);
    showBanner(`Reconnected after ${(resumed.resumedAfterMs / 1000).toFixed(1)} s.`, 'info');
  }
  setState(reconnect.shown(state));
}

function startCountdown(secondsLeft) {
  const end = performance.now() + secondsLeft * 1000;
  const tick = () => {
    const left = Math.max(0, Math.ceil((end - performance.now()) / 1000));
    showBanner(`Time limit: this session ends in ${left} s.`, 'warn');
  };
  tick();
  countdown = setInterval(tick, 1000);
}

function showRemote(stream, owner) {
  ui.remote.srcObject = stream;
  quality = new LinkQuality();
  const measuring = quality;
  if (!('requestVideoFrameCallback' in ui.remote)) {
    ui.remote.addEventListener('loadeddata', () => owner.firstFrameShown(), { once: true });
    return;
  }
  // every processed frame presented: the first one's time, and the frames shown per second
  let first = true;
  const presented = (now, meta) => {
    if (quality !== measuring) return;
    if (first) owner.firstFrameShown();
    first = false;
    measuring.frameShown(now, meta);
    ui.remote.requestVideoFrameCallback(presented);
  };
  ui.remote.requestVideoFrameCallback(presented);
  clearInterval(qualityTimer);
  qualityTimer = setInterval(async () => {
    const report = await owner.rtcStats().catch(() => null);
    if (quality !== measuring || !report) return;
    const figures = measuring.update(report, status.stats, status.rttMs, ui.local.videoWidth, performance.now());
    showLink(figures);
    owner.reportUplink(figures.upKbps);
  }, QUALITY_INTERVAL_MS);
}

const kbps = (value) => (Number.isFinite(value) ? `${Math.round(value)}` : '–');
const percent = (value) => `${(100 * value).toFixed(1)}%`;

function showLink(figures) {
  status.link = figures;
  status.poorConnection = figures.poor;
  ui.shown.textContent = Number.isFinite(figures.shownFps) ? `${Math.round(figures.shownFps)} fps` : '–';
  ui.loop.textContent = Number.isFinite(figures.loopMs) ? `~${Math.round(figures.loopMs)} ms` : '–';
  ui.freezes.textContent = String(figures.freezes);
  ui.link.textContent = `${kbps(figures.upKbps)} / ${kbps(figures.downKbps)} kbit/s`;
  ui.loss.textContent = `${percent(figures.lossUp)} / ${percent(figures.lossDown)}`;
  const back = figures.videoBack ? `${figures.videoBack} @ ${Math.round(figures.videoBackFps)} fps` : '–';
  ui.video.textContent = `${figures.cameraSent ?? '–'} / ${back}`;
  showNetworkNotice(figures.poor ? figures.reasons : null);
  showPicture(figures.picture);
}

/** The poor-connection notice over the video: what is wrong right now (kept while the link recovers). */
function showNetworkNotice(reasons) {
  ui.network.hidden = !reasons;
  if (reasons?.length) ui.network.textContent = `Poor connection: ${reasons.join(', ')}.`;
  else if (reasons) ui.network.textContent = 'Poor connection: recovering…';
}

/** A picture the links made smaller, apart from the notice: it says nothing about the link being poor now. */
function showPicture(picture) {
  ui.picture.hidden = !picture;
  if (picture) {
    ui.picture.textContent = picture.returning ? `The video is at ${picture.size} and returning to full size.`
      : `The video is at ${picture.size} to fit the connection.`;
  }
}

function showStats(stats) {
  status.stats = stats;
  ui.processing.textContent = `${stats.processingMsP50.toFixed(1)} ms`;
  ui.fps.textContent = `${stats.fpsIn.toFixed(0)} / ${stats.fpsOut.toFixed(0)} fps`;
  ui.drops.textContent = String(stats.drops);
  ui.hands.textContent = String(stats.hands);
  ui.cpu.textContent = `${Math.round(stats.cpu * 100)}%`;
  ui.sessions.textContent = String(stats.sessions);
  chart.add(lastRtt, stats.processingMsP50);
}

function showRoute(route) {
  status.route = route;
  ui.route.textContent = route.local === 'relay' || route.remote === 'relay'
    ? `relayed (TURN over ${route.relayProtocol ?? route.protocol})` : `direct (${route.local} ⇄ ${route.remote})`;
}

function onEnded({ kind, reason, message, retryable }) {
  clearInterval(countdown);
  clearInterval(qualityTimer);
  quality = null;
  showNetworkNotice(null);
  showPicture(null);
  status.ended = { kind, reason, message };
  session = null;
  ui.remote.srcObject = null;
  const delay = retryable ? reconnect.next(reason) : null;
  if (delay !== null) {
    const { made, of } = reconnect.tries;
    setState('reconnecting');
    showBanner(`${message} Reconnecting… (try ${made} of ${of})`, 'warn');
    retryTimer = setTimeout(() => {
      retryTimer = null;
      startSession(performance.now());
    }, delay);
    return;
  }
  const lost = reconnect.active;
  reconnect.reset();
  camera?.getTracks().forEach((t) => t.stop()); // a retryable end left it running
  camera = null;
  ui.screen.classList.remove('live');
  ui.local.srcObject = null;
  if (lost && retryable) {
    showBanner(`Could not reconnect: ${message} Press Start to try again.`, 'error');
  } else if (kind === 'refused') {
    showBanner(`The server turned the session down: ${message}`, 'error');
  } else if (kind === 'failed') {
    showBanner(message, 'error');
  } else {
    const text = END_MESSAGES[reason];
    showBanner(text === undefined ? `The session ended: ${message}` : text, reason === 'time_limit' ? 'warn' : 'info');
  }
  setState(reason === 'stopped' ? 'idle' : 'error');
}

/** Creates a room and joins it: the room's page, where the link to share is. */
async function createRoom() {
  try {
    const response = await fetch('/api/rooms', { method: 'POST' });
    const body = await response.json();
    if (response.status !== 201) throw new Error(body.message ?? `HTTP ${response.status}`);
    location.assign(`${body.url}?autostart`);
  } catch (error) {
    showBanner(`No room could be created: ${error.message}`, 'error');
  }
}

ui.start.addEventListener('click', start);
$('createRoom').addEventListener('click', createRoom);
ui.stop.addEventListener('click', () => {
  if (session) {
    session.stop();
  } else if (retryTimer !== null) { // between two tries: stop trying
    clearTimeout(retryTimer);
    onEnded({ kind: 'ended', reason: 'stopped', message: 'Stopped.', retryable: false });
  }
});
controls.addEventListener('change', (e) => session?.setOptions(e.detail));
async function sendPicture(file) {
  try {
    if (!session) throw new Error('start the session first');
    showBanner(null);
    await session.sendPicture(file);
    picture = file;
    status.picturesSent += 1;
  } catch (error) {
    showBanner(`The picture was not sent: ${error.message}`, 'warn');
  }
}

controls.addEventListener('picture', (e) => sendPicture(e.detail));
ui.camera.addEventListener('change', async () => {
  if (!session) return;
  try {
    const chosen = await openCamera();
    await session.replaceCamera(chosen);
    camera = chosen;
    ui.local.srcObject = chosen;
  } catch (error) {
    showBanner(error.message, 'error');
  }
});

setState('idle');
if (params.has('autostart')) start();
