// A minimal WHEP player, nothing of the Magic Shield page: plain fetch and RTCPeerConnection (run by RoomIT with
// Selenium's executeAsyncScript). Arguments: the WHEP endpoint URL, then Selenium's callback. Offers to receive one
// video and one audio section, applies the 201's answer, waits (at most 15 s) for 30 decoded frames, DELETEs the
// session and reports what happened.
const url = arguments[0];
const done = arguments[arguments.length - 1];
let stage = 'offer';
(async () => {
  const pc = new RTCPeerConnection();
  pc.addTransceiver('video', { direction: 'recvonly' });
  pc.addTransceiver('audio', { direction: 'recvonly' });
  await pc.setLocalDescription(await pc.createOffer());
  stage = 'POST';
  const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/sdp' },
    body: pc.localDescription.sdp });
  const body = await response.text();
  if (response.status !== 201) {
    pc.close();
    done({ status: response.status, body });
    return;
  }
  stage = 'answer';
  const location = response.headers.get('Location');
  await pc.setRemoteDescription({ type: 'answer', sdp: body });
  let frames = 0;
  let width = 0;
  for (const until = Date.now() + 15000; Date.now() < until && frames < 30;) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    (await pc.getStats()).forEach((s) => {
      if (s.type === 'inbound-rtp' && s.kind === 'video') {
        frames = s.framesDecoded ?? 0;
        width = s.frameWidth ?? 0;
      }
    });
  }
  stage = 'DELETE';
  const deleted = await fetch(new URL(location, url), { method: 'DELETE' });
  pc.close();
  done({ status: response.status, location, link: response.headers.get('Link'), frames, width,
    deleteStatus: deleted.status });
})().catch((error) => done({ error: `${stage}: ${error}` }));
