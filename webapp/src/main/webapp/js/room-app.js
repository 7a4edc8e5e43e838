// The room page (/room/<id>, ?view to watch, ?autostart to join at once): a tile per other participant (their
// processed video from the server's receive slots), your own processed video with your camera's preview, camera
// off, mute, leave and the links to share. Sound goes over the session's "audio" DataChannel (room-audio.js).
import { ShieldSession } from './shield-session.js';
import { RoomAudio, audioSupport } from './room-audio.js';
import { Reconnect } from './reconnect.js';

const $ = (id) => document.getElementById(id);
const ui = {
  join: $('join'), leave: $('leave'), cameraOff: $('cameraOff'), mute: $('mute'), copyLink: $('copyLink'),
  copyViewLink: $('copyViewLink'), state: $('state'), people: $('people'), banner: $('banner'), tiles: $('tiles'),
  self: $('self'), selfVideo: $('selfVideo'), preview: $('preview'), template: $('tileTemplate'),
  title: $('roomTitle'),
};
const params = new URLSearchParams(location.search);
const roomId = decodeURIComponent(location.pathname.split('/')[2] ?? '');
const viewer = params.has('view');
const STATS_INTERVAL_MS = 1000;
const SOUND_HELD = 'Click anywhere on the page for sound: the browser holds it back until you do.';
const STATE_LABELS = { idle: 'Idle', connecting: 'Connecting…', reconnecting: 'Reconnecting…', live: 'Live',
  error: 'Stopped' };

// read by tests and tooling: the page's state, the last room message, per tile what it receives, and per session
// lost and resumed, why it was lost, when (epoch ms) and the ms from the loss to live again
const status = { state: 'idle', role: viewer ? 'viewer' : 'participant', room: null, tiles: {}, ended: null,
  audio: null, reconnects: [] };
window.magicShield = status;

let session = null;
let camera = null;          // kept across reconnections: the rejoined session sends the same stream
const reconnect = new Reconnect();
let retryTimer = null;
let audio = null;
let statsTimer = null;
const tiles = new Map(); // streamId -> { element, mid }

const roomLink = (view) => `${location.origin}/room/${encodeURIComponent(roomId)}${view ? '?view' : ''}`;
ui.title.textContent = viewer ? 'You are watching this room.' : 'Raise an open hand: everyone in the room sees it.';

function setState(state) {
  status.state = state;
  ui.state.dataset.state = state;
  ui.state.textContent = STATE_LABELS[state];
  const running = state === 'connecting' || state === 'reconnecting' || state === 'live';
  ui.join.disabled = running;
  ui.leave.disabled = !running;
  ui.cameraOff.disabled = !running || viewer;
  ui.mute.disabled = !running || viewer || !audioSupport().encode;
}

function showBanner(text, kind = 'info') {
  ui.banner.hidden = !text;
  ui.banner.textContent = text ?? '';
  ui.banner.dataset.kind = kind;
}

async function openCamera() {
  if (!navigator.mediaDevices?.getUserMedia) {
    throw new Error('This page needs a secure connection (https or localhost) to use the camera.');
  }
  try {
    return await navigator.mediaDevices.getUserMedia({
      video: { width: { ideal: 640 }, height: { ideal: 480 }, frameRate: { ideal: 30 } }, audio: false });
  } catch (error) {
    throw new Error(`The camera could not be opened (${error.name}: ${error.message}). `
      + 'Allow it for this site, or open the viewer link to watch.');
  }
}

/** The microphone, or null (none, refused, or no way to encode it here): the call goes on without sound from us. */
async function openMicrophone() {
  if (!audioSupport().encode) {
    showBanner('This browser cannot send sound in a room (no WebCodecs Opus encoder); you still hear the others.');
    return null;
  }
  try {
    return await navigator.mediaDevices.getUserMedia({
      audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true }, video: false });
  } catch (error) {
    showBanner(`The microphone could not be opened (${error.name}): the others see you but do not hear you.`);
    return null;
  }
}

async function join() {
  showBanner(null);
  setState('connecting');
  if (!viewer) {
    try {
      camera = await openCamera();
    } catch (error) {
      setState('error');
      showBanner(error.message, 'error');
      return;
    }
    ui.preview.srcObject = camera;
    ui.self.hidden = false;
  }
  await joinSession();
}

/**
 * A session in the room with the page's camera: the first one, or another after a loss. The microphone is opened
 * each time (the room's sound lets go of it when its session ends).
 */
async function joinSession() {
  const microphone = viewer ? null : await openMicrophone();
  session = new ShieldSession();
  session.addEventListener('audio', (e) => {
    audio = new RoomAudio(e.detail, roomId, (held) => {
      if (held) showBanner(SOUND_HELD);
      else if (ui.banner.textContent === SOUND_HELD) showBanner(null);
    });
    audio.setMuted(ui.mute.getAttribute('aria-pressed') === 'true');
    status.audio = audio.status;
    audio.send(microphone).catch((error) => { audio.status.error = error.message; });
  });
  session.addEventListener('state', (e) => onState(e.detail));
  session.addEventListener('remote', (e) => { ui.selfVideo.srcObject = e.detail; });
  session.addEventListener('room', (e) => showRoom(e.detail));
  session.addEventListener('ended', (e) => onEnded(e.detail));
  session.start(camera, {}, { join: { room: roomId, role: viewer ? 'viewer' : 'participant' } });
  clearInterval(statsTimer);
  statsTimer = setInterval(() => updateStats().catch(() => {}), STATS_INTERVAL_MS);
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

/**
 * The next try: the room's page again first, for the route to the room's server (a cookie: the room may have moved
 * to another server, or be opened again on one, docs/cluster.md), then the join. A room that has ended is no retry.
 */
async function rejoin() {
  retryTimer = null;
  let page;
  try {
    page = await fetch(location.pathname, { cache: 'no-store' });
  } catch (error) {
    onEnded({ kind: 'failed', reason: 'CONNECTION_LOST', message: `The server did not answer (${error.message}).`,
      retryable: true });
    return;
  }
  if (page.status === 404) {
    onEnded({ kind: 'refused', reason: 'ROOM_NOT_FOUND', message: 'the room has ended.', retryable: false });
  } else if (!page.ok) {
    onEnded({ kind: 'failed', reason: 'CONNECTION_LOST', message: `The server answered ${page.status}.`,
      retryable: true });
  } else {
    await joinSession();
  }
}

/** Makes the tiles match the room message: one per stream in a receive slot, in slot order. */
function showRoom(view) {
  status.room = view;
  ui.people.textContent = `${view.participants} in the call, ${view.viewers} watching`;
  const wanted = new Set(view.tiles.map((t) => t.streamId));
  audio?.keepOnly(wanted);
  for (const [streamId, tile] of tiles) {
    if (!wanted.has(streamId)) {
      tile.element.remove();
      tiles.delete(streamId);
      delete status.tiles[streamId];
    }
  }
  for (const { streamId, label, mid } of view.tiles) {
    let tile = tiles.get(streamId);
    if (!tile || tile.mid !== mid) {
      tile?.element.remove();
      const element = ui.template.content.firstElementChild.cloneNode(true);
      element.dataset.stream = streamId;
      element.querySelector('.label').textContent = label;
      element.querySelector('.whep').textContent = `${location.origin}/whep/${streamId}`;
      const track = session.slotTrack(mid);
      element.querySelector('video').srcObject = track ? new MediaStream([track]) : null;
      ui.tiles.append(element);
      tile = { element, mid };
      tiles.set(streamId, tile);
      status.tiles[streamId] = { label, mid };
    }
  }
}

/** Per tile: frames per second, size and loss of its slot (WebRTC stats by mid), shown with a quality dot. */
async function updateStats() {
  const report = await session?.rtcStats();
  if (!report) return;
  const byMid = new Map();
  report.forEach((stat) => { if (stat.type === 'inbound-rtp' && stat.mid) byMid.set(stat.mid, stat); });
  for (const [streamId, tile] of tiles) {
    const video = byMid.get(tile.mid);
    const fps = video?.framesPerSecond ?? 0;
    const lost = video?.packetsLost ?? 0;
    const received = video?.packetsReceived ?? 0;
    const loss = received + lost > 0 ? lost / (received + lost) : 0;
    const quality = fps >= 20 && loss < 0.02 ? 'good' : fps >= 10 ? 'fair' : 'bad';
    tile.element.querySelector('.dot').dataset.quality = quality;
    tile.element.querySelector('.tile-stats').textContent = video?.frameWidth
      ? `${video.frameWidth}x${video.frameHeight} @ ${Math.round(fps)} fps, ${(100 * loss).toFixed(1)}% lost` : '–';
    Object.assign(status.tiles[streamId] ?? {}, { fps, loss, framesDecoded: video?.framesDecoded ?? 0 });
  }
}

function onEnded({ kind, reason, message, retryable }) {
  clearInterval(statsTimer);
  status.ended = { kind, reason, message };
  session = null;
  audio?.close();
  audio = null;
  for (const tile of tiles.values()) tile.element.remove();
  tiles.clear();
  status.tiles = {};
  ui.selfVideo.srcObject = null;
  const delay = retryable ? reconnect.next(reason) : null;
  if (delay !== null) {
    const { made, of } = reconnect.tries;
    setState('reconnecting');
    showBanner(`${message} Reconnecting… (try ${made} of ${of})`, 'warn');
    retryTimer = setTimeout(rejoin, delay);
    return;
  }
  const lost = reconnect.active;
  reconnect.reset();
  camera?.getTracks().forEach((t) => t.stop()); // a retryable end left it running
  camera = null;
  ui.preview.srcObject = null;
  ui.self.hidden = true;
  setState(reason === 'stopped' ? 'idle' : 'error');
  if (lost && retryable) {
    showBanner(`Could not get back into the room: ${message} Press Join to try again.`, 'error');
  } else if (reason === 'stopped') {
    showBanner('You left the room. Press Join to come back.', 'info');
  } else if (reason === 'ROOM_NOT_FOUND') {
    showBanner('This room does not exist or has ended.', 'error');
  } else {
    showBanner(kind === 'refused' ? `The server turned you away: ${message}` : `You left the room: ${message}`,
      kind === 'ended' ? 'info' : 'error');
  }
}

function toggleCamera() {
  const off = ui.cameraOff.getAttribute('aria-pressed') !== 'true';
  ui.cameraOff.setAttribute('aria-pressed', String(off));
  session?.setCameraOn(!off);
  ui.cameraOff.textContent = off ? 'Camera on' : 'Camera off';
}

function toggleMute() {
  const muted = ui.mute.getAttribute('aria-pressed') !== 'true';
  ui.mute.setAttribute('aria-pressed', String(muted));
  audio?.setMuted(muted);
  ui.mute.textContent = muted ? 'Unmute' : 'Mute';
}

async function copy(text) {
  try {
    await navigator.clipboard.writeText(text);
    showBanner(`Copied: ${text}`, 'info');
  } catch {
    showBanner(`Share this link: ${text}`, 'info');
  }
}

ui.join.addEventListener('click', join);
ui.leave.addEventListener('click', () => {
  if (session) {
    session.stop();
  } else if (retryTimer !== null) { // between two tries: stop trying
    clearTimeout(retryTimer);
    retryTimer = null;
    onEnded({ kind: 'ended', reason: 'stopped', message: 'Stopped.', retryable: false });
  }
});
ui.cameraOff.addEventListener('click', toggleCamera);
ui.mute.addEventListener('click', toggleMute);
ui.copyLink.addEventListener('click', () => copy(roomLink(false)));
ui.copyViewLink.addEventListener('click', () => copy(roomLink(true)));

// a page joined by ?autostart has had no click yet, and browsers hold its sound back until one
for (const type of ['click', 'keydown']) document.addEventListener(type, () => audio?.resume());

setState('idle');
if (params.has('autostart')) join();
