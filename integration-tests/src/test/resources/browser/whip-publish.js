// A minimal WHIP publisher, nothing of the Magic Shield page: plain getUserMedia, fetch and RTCPeerConnection (run by
// WhipIT with Selenium's executeAsyncScript in a Chromium whose fake camera plays a clip). Arguments: the WHIP
// endpoint URL, the bearer token, then Selenium's callback. Sends the camera in a sendonly section, POSTs the offer
// with every candidate, applies the 201's answer, waits (at most 10 s) for the connection and 30 frames sent, and
// reports what happened; the connection stays open (window.whipPublisher) until the test DELETEs the session.
const [url, token] = arguments;
const done = arguments[arguments.length - 1];
let stage = 'camera';
(async () => {
  const media = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: false });
  const pc = new RTCPeerConnection();
  window.whipPublisher = pc;
  pc.addTransceiver(media.getVideoTracks()[0], { direction: 'sendonly' });
  stage = 'offer';
  await pc.setLocalDescription(await pc.createOffer());
  await new Promise((resolve) => {
    if (pc.iceGatheringState === 'complete') {
      resolve();
    }
    pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && resolve());
  });
  stage = 'POST';
  const response = await fetch(url, { method: 'POST',
    headers: { 'Content-Type': 'application/sdp', Authorization: `Bearer ${token}` },
    body: pc.localDescription.sdp });
  const body = await response.text();
  if (response.status !== 201) {
    pc.close();
    done({ status: response.status, body });
    return;
  }
  stage = 'answer';
  await pc.setRemoteDescription({ type: 'answer', sdp: body });
  let sent = 0;
  for (const until = Date.now() + 10000; Date.now() < until && sent < 30;) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    (await pc.getStats()).forEach((s) => {
      if (s.type === 'outbound-rtp' && s.kind === 'video') {
        sent = s.framesSent ?? 0;
      }
    });
  }
  done({ status: response.status, location: response.headers.get('Location'), etag: response.headers.get('ETag'),
    state: pc.connectionState, sent });
})().catch((error) => done({ error: `${stage}: ${error}` }));
