// One Magic Shield session: signaling over /ws/signal, the RTCPeerConnection that sends the camera and receives
// the processed video, and the "stats" DataChannel (ping/pong round trip, server reports). In a room it also offers
// receive slots (a recvonly video section per other stream it may be shown).
// Protocol: docs/protocol.md. Events (EventTarget): state, remote (MediaStream), firstframe, stats, rtt,
// route, warning, ended, failure, room (who is in which receive slot), audio (a room's "audio" DataChannel).
// An end the page should retry (reconnect.js) leaves the camera running for the next session.
import { retryable } from './reconnect.js';

const PING_INTERVAL_MS = 1000;
// The server answers every ping and sends stats every second on its own: this long without a word from it over the
// stats channel means its node is gone (a machine that vanished, or a hung server, closes no socket). 2.5 s keeps
// the notice within 3 s and survives one lost ping and answer.
const SILENCE_LIMIT_MS = 2500;
const SILENCE_CHECK_MS = 250;
// "ready" answers "start" or "join" at once (tens of ms); a socket that reached a hung server would wait forever
const READY_LIMIT_MS = 10000;
// the camera's frame rate at most: what the page asks of the camera and what the server's steps divide
const CAMERA_FPS = 30;

export class ShieldSession extends EventTarget {
  #socket = null;
  #pc = null;
  #camera = null;
  #sender = null;
  #statsChannel = null;
  #pingTimer = null;
  #silenceTimer = null;
  #readyTimer = null;
  #heardAt = 0;
  #pendingLocal = [];     // our candidates gathered before the offer went out
  #pendingRemote = [];    // server candidates that arrived before the answer was applied
  #offerSent = false;
  #answered = false;
  #finished = false;
  #startedAt = 0;
  #pingId = 0;
  #relayOnly = false;
  #maxBitrateKbps = 0;
  #upKbps = null;
  #cameraApplied = {};
  #join = null;

  /**
   * @param camera MediaStream from getUserMedia, @param options effect options for "start",
   * @param relayOnly send media through the server's TURN relay only (iceTransportPolicy "relay")
   * @param clickedAt performance.now() when the person asked to start: what the first frame's time counts from
   * @param join { room, role: 'participant' | 'viewer' } to join a room instead of starting alone (a viewer has no
   * camera: null)
   */
  start(camera, options, { relayOnly = false, clickedAt = performance.now(), join = null } = {}) {
    this.#camera = camera;
    this.#join = join;
    this.#relayOnly = relayOnly;
    this.#startedAt = clickedAt;
    this.#state('connecting');
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(`${scheme}//${location.host}/ws/signal`);
    this.#socket = socket;
    this.#readyTimer = setTimeout(() => this.#fail('SERVER_SILENT',
      `The server did not answer (nothing for ${READY_LIMIT_MS / 1000} s).`), READY_LIMIT_MS);
    socket.onopen = () => this.#send(join ? { type: 'join', room: join.room, role: join.role, options }
      : { type: 'start', options });
    socket.onmessage = (event) => this.#onMessage(event.data);
    socket.onclose = (event) => this.#onSocketClosed(event);
  }

  stop() {
    if (this.#socket?.readyState === WebSocket.OPEN) {
      this.#send({ type: 'stop' });   // the server answers with "ended", then closes
    } else {
      this.#finish({ kind: 'ended', reason: 'stopped', message: 'Stopped.' });
    }
  }

  setOptions(changes) {
    if (this.#socket?.readyState === WebSocket.OPEN && this.#pc) {
      this.#send({ type: 'options', options: changes });
    }
  }

  /** Sends a picture (a File) as the session's background; the server answers "options" or an IMAGE_REFUSED error. */
  async sendPicture(file) {
    if (this.#socket?.readyState !== WebSocket.OPEN || !this.#pc) throw new Error('start the session first');
    this.#socket.send(await file.arrayBuffer());
  }

  /** The track a receive slot's section (by mid) plays; null when there is none. */
  slotTrack(mid) {
    return this.#pc?.getTransceivers().find((t) => t.mid === mid)?.receiver.track ?? null;
  }

  /** The camera on and off (a disabled track sends black, so nothing is renegotiated). */
  setCameraOn(enabled) {
    this.#camera?.getVideoTracks().forEach((t) => { t.enabled = enabled; });
  }

  /** Switches the camera without renegotiating. */
  async replaceCamera(camera) {
    const track = camera.getVideoTracks()[0];
    if (this.#sender) {
      await this.#sender.replaceTrack(track);
    }
    this.#camera?.getTracks().forEach((t) => t.stop());
    this.#camera = camera;
  }

  #send(message) {
    this.#socket.send(JSON.stringify(message));
  }

  async #onMessage(text) {
    clearTimeout(this.#readyTimer);
    const message = JSON.parse(text);
    try {
      switch (message.type) {
        case 'ready': await this.#negotiate(message); break;
        case 'answer': await this.#applyAnswer(message.sdp); break;
        case 'ice': await this.#addRemoteCandidate(message); break;
        case 'options': this.dispatchEvent(new CustomEvent('options', { detail: message.options })); break;
        case 'warning': this.dispatchEvent(new CustomEvent('warning', { detail: message })); break;
        case 'room': this.dispatchEvent(new CustomEvent('room', { detail: message })); break;
        case 'ended': this.#finish({ kind: 'ended', reason: message.reason, message: message.message }); break;
        case 'error': this.#onError(message); break;
        default: console.warn('unknown server message', message);
      }
    } catch (error) {
      console.error(error);
      this.#fail('NEGOTIATION', `The browser could not set up the connection: ${error.message}`);
    }
  }

  async #negotiate(ready) {
    this.dispatchEvent(new CustomEvent('ready', { detail: ready }));
    const hasTurn = ready.iceServers.some((server) => [server.urls].flat().some((url) => /^turns?:/.test(url)));
    if (this.#relayOnly && !hasTurn) {
      this.#fail('NO_RELAY', 'Relay-only mode needs a TURN server, and this server offers none.');
      return;
    }
    const pc = new RTCPeerConnection({ iceServers: ready.iceServers,
      iceTransportPolicy: this.#relayOnly ? 'relay' : 'all' });
    this.#pc = pc;
    this.#maxBitrateKbps = ready.maxBitrateKbps ?? 0;
    const track = this.#camera?.getVideoTracks()[0];
    if (track) {
      // a moving hand: when the uplink is short, a smaller picture at the full frame rate, not a sharp slideshow
      track.contentHint = 'motion';
      this.#sender = pc.addTrack(track, this.#camera);
    }
    // receive slots: the server puts the room's other streams on them without renegotiating (docs/protocol.md)
    for (let i = 0; i < (ready.room?.slots ?? 0); i++) {
      pc.addTransceiver('video', { direction: 'recvonly' });
    }
    // the browser opens the stats channel, so it is part of the one and only offer
    this.#openStatsChannel(pc.createDataChannel('stats', { ordered: true }));
    if (this.#join) {
      // room sound: a late chunk is worth nothing, so no ordering and no retransmits (docs/protocol.md)
      const audio = pc.createDataChannel('audio', { ordered: false, maxRetransmits: 0 });
      this.dispatchEvent(new CustomEvent('audio', { detail: audio }));
    }
    pc.ontrack = (event) => this.#onRemoteTrack(event);
    pc.onicecandidate = ({ candidate }) => {
      if (!candidate) return;
      const message = { type: 'ice', candidate: candidate.candidate, sdpMid: candidate.sdpMid,
        sdpMLineIndex: candidate.sdpMLineIndex };
      if (this.#offerSent) this.#send(message); else this.#pendingLocal.push(message);
    };
    pc.onconnectionstatechange = () => {
      if (pc.connectionState === 'connected') {
        this.#state('live');
        this.#reportRoute(pc).catch(() => {}); // only shown: a failed lookup (the session closing) changes nothing
      }
      if (pc.connectionState === 'failed') {
        this.#fail('CONNECTION_FAILED', 'The media connection to the server failed (no network route for video).');
      }
    };
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    this.#send({ type: 'offer', sdp: pc.localDescription.sdp });
    this.#offerSent = true;
    this.#pendingLocal.splice(0).forEach((m) => this.#send(m));
  }

  async #applyAnswer(sdp) {
    await this.#pc.setRemoteDescription({ type: 'answer', sdp });
    this.#answered = true;
    await this.#limitCamera();
    for (const candidate of this.#pendingRemote.splice(0)) {
      await this.#pc.addIceCandidate(candidate);
    }
  }

  async #addRemoteCandidate({ candidate, sdpMid, sdpMLineIndex }) {
    const init = { candidate, sdpMid, sdpMLineIndex };
    if (this.#answered) await this.#pc.addIceCandidate(init); else this.#pendingRemote.push(init);
  }

  /**
   * The camera's sender within what the models need and the link can carry: the server's cap on a video stream's
   * bitrate (left alone, the sender fills whatever its estimate allows and a loss burst queues seconds of video), at
   * most 30 fps, and the resolution lowered before the frame rate. A browser that refuses a field keeps its default.
   */
  async #limitCamera() {
    if (!this.#sender) return;
    const parameters = this.#sender.getParameters();
    if (!parameters.encodings?.length) return;
    for (const encoding of parameters.encodings) {
      if (this.#maxBitrateKbps > 0) encoding.maxBitrate = this.#maxBitrateKbps * 1000;
      encoding.maxFramerate = CAMERA_FPS;
    }
    parameters.degradationPreference = 'maintain-framerate';
    try {
      await this.#sender.setParameters(parameters);
    } catch (error) {
      delete parameters.degradationPreference;
      await this.#sender.setParameters(parameters).catch(() => console.warn('camera limits not applied', error));
    }
  }

  /** The page's own send-side bandwidth estimate, for the next ping: the server sizes the camera's sender by it. */
  reportUplink(estimateKbps) {
    this.#upKbps = estimateKbps > 0 ? estimateKbps : null;
  }

  /** Tells which path the media took: the types of the selected candidate pair (host, srflx, relay). */
  async #reportRoute(pc) {
    const stats = await pc.getStats();
    let pair = null;
    stats.forEach((report) => {
      if (report.type === 'transport' && report.selectedCandidatePairId) pair = stats.get(report.selectedCandidatePairId);
    });
    if (!pair) return;
    const local = stats.get(pair.localCandidateId);
    const remote = stats.get(pair.remoteCandidateId);
    this.dispatchEvent(new CustomEvent('route', { detail: { local: local?.candidateType, remote: remote?.candidateType,
      protocol: local?.protocol, relayProtocol: local?.relayProtocol ?? null } }));
  }

  #onRemoteTrack(event) {
    if (event.transceiver.sender !== this.#sender || !this.#sender) return; // a receive slot: read by mid
    const stream = event.streams[0] ?? new MediaStream([event.track]);
    this.dispatchEvent(new CustomEvent('remote', { detail: stream }));
  }

  /** The peer connection's WebRTC statistics (for tooling: where the loop's time goes); null before it exists. */
  rtcStats() {
    return this.#pc ? this.#pc.getStats() : Promise.resolve(null);
  }

  /** Called by the page when the first processed frame is shown. */
  firstFrameShown() {
    const ms = Math.round(performance.now() - this.#startedAt);
    this.dispatchEvent(new CustomEvent('firstframe', { detail: ms }));
  }

  #openStatsChannel(channel) {
    this.#statsChannel = channel;
    channel.onopen = () => {
      this.#heardAt = performance.now();
      this.#silenceTimer = setInterval(() => {
        if (performance.now() - this.#heardAt > SILENCE_LIMIT_MS) {
          this.#fail('SERVER_SILENT', `The server stopped answering (nothing for ${SILENCE_LIMIT_MS / 1000} s).`);
        }
      }, SILENCE_CHECK_MS);
      this.#pingTimer = setInterval(() => {
        if (channel.readyState === 'open') {
          channel.send(JSON.stringify(this.#ping()));
        }
      }, PING_INTERVAL_MS);
    };
    channel.onmessage = (event) => {
      this.#heardAt = performance.now();
      const message = JSON.parse(event.data);
      if (message.type === 'pong') {
        this.dispatchEvent(new CustomEvent('rtt', { detail: performance.now() - message.t }));
      } else if (message.type === 'stats') {
        if (message.camera) {
          this.#followCamera(message.camera).catch((error) => console.warn('camera not set', error));
        }
        this.dispatchEvent(new CustomEvent('stats', { detail: message }));
      }
    };
  }

  /** A ping, with the uplink's estimate and the camera's size: the server sizes the camera's sender for the uplink. */
  #ping() {
    const ping = { type: 'ping', id: ++this.#pingId, t: performance.now() };
    const settings = this.#camera?.getVideoTracks()[0]?.getSettings();
    if (this.#upKbps > 0 && settings?.width && settings?.height) {
      Object.assign(ping, { upKbps: Math.round(this.#upKbps), cameraWidth: settings.width,
        cameraHeight: settings.height });
    }
    return ping;
  }

  /**
   * The camera's sender as the server's report says for the uplink: the picture's step (smaller first, then the
   * frame rate) and the bitrate cap (a share of the estimate, so that the uplink's queue does not fill; 0: none).
   */
  async #followCamera({ scale, frameDivisor, maxKbps }) {
    if (!this.#sender || !(scale > 0 && scale <= 1) || !(frameDivisor >= 1) || !(maxKbps >= 0)) return;
    const wanted = { scale, frameDivisor, maxKbps };
    if (Object.keys(wanted).every((key) => wanted[key] === this.#cameraApplied[key])) return;
    this.#cameraApplied = wanted;
    const parameters = this.#sender.getParameters();
    for (const encoding of parameters.encodings ?? []) {
      encoding.scaleResolutionDownBy = 1 / scale;
      encoding.maxFramerate = CAMERA_FPS / frameDivisor;
      if (maxKbps > 0) encoding.maxBitrate = maxKbps * 1000;
      else delete encoding.maxBitrate;
    }
    await this.#sender.setParameters(parameters);
  }

  #onError(message) {
    // recoverable errors leave the session as it is; the others are followed by the server closing the socket
    const recoverable = ['BAD_JSON', 'UNKNOWN_TYPE', 'BAD_FIELD', 'TOO_LARGE', 'OUT_OF_ORDER', 'IMAGE_REFUSED',
      'NO_IMAGE'].includes(message.code);
    this.dispatchEvent(new CustomEvent('failure', { detail: { code: message.code, message: message.message,
      recoverable } }));
    if (!recoverable) {
      this.#finish({ kind: 'refused', reason: message.code, message: message.message });
    }
  }

  #onSocketClosed(event) {
    if (this.#finished) return;
    const reason = event.reason || (event.code === 1006 ? 'the connection to the server failed' : `code ${event.code}`);
    this.#fail('CONNECTION_LOST', `Lost the connection to the server (${reason}).`);
  }

  #fail(code, message) {
    this.#finish({ kind: 'failed', reason: code, message });
  }

  #finish(detail) {
    if (this.#finished) return;
    this.#finished = true;
    clearInterval(this.#pingTimer);
    clearInterval(this.#silenceTimer);
    clearTimeout(this.#readyTimer);
    this.#statsChannel?.close();
    this.#pc?.close();
    detail.retryable = retryable(detail);
    if (!detail.retryable) this.#camera?.getTracks().forEach((t) => t.stop());
    if (this.#socket && this.#socket.readyState <= WebSocket.OPEN) this.#socket.close(1000, 'done');
    this.#state(detail.kind === 'ended' && detail.reason === 'stopped' ? 'idle' : 'error');
    this.dispatchEvent(new CustomEvent('ended', { detail }));
  }

  #state(state) {
    this.dispatchEvent(new CustomEvent('state', { detail: state }));
  }
}
