// The Watch page: plays one processed stream by WHEP (the same HTTP exchange any WHEP player makes), opened by its
// link (/watch.html?stream=<streamId>) or typed in, and lists the streams there are (pulled sources, WHIP
// publishers) to an operator who gives the token (kept in this page's memory only: never in the URL or in storage).
const $ = (id) => document.getElementById(id);
let player = null;

function show(state, text) {
  $('state').dataset.state = state;
  $('state').textContent = text;
}

function banner(text) {
  $('banner').hidden = !text;
  $('banner').textContent = text ?? '';
}

async function stop() {
  const current = player;
  player = null;
  if (!current) {
    return;
  }
  current.pc.close();
  if (current.resource) {
    await fetch(current.resource, { method: 'DELETE', keepalive: true }).catch(() => {});
  }
  $('video').srcObject = null;
  $('stop').disabled = true;
  show('idle', 'Idle');
}

async function watch(streamId) {
  await stop();
  banner('');
  show('connecting', 'Connecting');
  const pc = new RTCPeerConnection();
  player = { pc, resource: null };
  pc.addTransceiver('video', { direction: 'recvonly' });
  pc.ontrack = (event) => {
    $('video').srcObject = new MediaStream([event.track]);
  };
  pc.onconnectionstatechange = () => {
    if (pc.connectionState === 'connected') {
      show('live', 'Live');
    } else if (pc.connectionState === 'failed') {
      show('error', 'Failed');
    }
  };
  await pc.setLocalDescription(await pc.createOffer());
  await new Promise((resolve) => {
    if (pc.iceGatheringState === 'complete') {
      resolve();
    }
    pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && resolve());
  });
  const response = await fetch(`/whep/${encodeURIComponent(streamId)}`, {
    method: 'POST', headers: { 'Content-Type': 'application/sdp' }, body: pc.localDescription.sdp });
  const body = await response.text();
  if (player?.pc !== pc) {
    return; // another stream was asked for meanwhile
  }
  if (response.status !== 201) {
    await stop();
    show('error', 'Refused');
    banner(`${response.status}: ${body.trim()}`);
    return;
  }
  player.resource = new URL(response.headers.get('Location'), location.href).href;
  await pc.setRemoteDescription({ type: 'answer', sdp: body });
  $('watching').textContent = streamId;
  $('stop').disabled = false;
}

function cell(text) {
  const td = document.createElement('td');
  td.textContent = text;
  return td;
}

// The operator's list (GET /api/streams): the pulled sources with their state, and the WHIP publishers.
async function listStreams(token) {
  const response = await fetch('/api/streams', { headers: { Authorization: `Bearer ${token}` } });
  if (response.status !== 200) {
    banner(`streams: ${response.status}: ${(await response.text()).trim()}`);
    $('streams').hidden = true;
    return;
  }
  const { streams } = await response.json();
  const rows = streams.map((stream) => {
    const row = document.createElement('tr');
    row.dataset.state = stream.state;
    const source = stream.kind === 'source';
    row.append(cell(stream.kind), cell(source ? stream.url : stream.streamId), cell(stream.state),
      cell(source ? String(stream.frames) : ''), cell(source ? stream.gapSeconds.toFixed(1) : ''),
      cell(stream.lastError ?? ''));
    const action = document.createElement('td');
    if (stream.streamId) {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = 'Watch';
      button.addEventListener('click', () => {
        $('streamId').value = stream.streamId;
        watch(stream.streamId).catch((error) => { show('error', 'Error'); banner(String(error)); });
      });
      action.append(button);
    }
    row.append(action);
    return row;
  });
  $('streams').querySelector('tbody').replaceChildren(...rows);
  $('streams').hidden = false;
}

$('open').addEventListener('submit', (event) => {
  event.preventDefault();
  const streamId = $('streamId').value.trim();
  if (streamId) {
    watch(streamId).catch((error) => { show('error', 'Error'); banner(String(error)); });
  }
});
$('stop').addEventListener('click', () => stop());
$('operator').addEventListener('submit', (event) => {
  event.preventDefault();
  listStreams($('token').value).catch((error) => banner(String(error)));
});
window.addEventListener('pagehide', () => { stop(); });

const linked = new URLSearchParams(location.search).get('stream');
if (linked) {
  $('streamId').value = linked;
  watch(linked).catch((error) => { show('error', 'Error'); banner(String(error)); });
}
