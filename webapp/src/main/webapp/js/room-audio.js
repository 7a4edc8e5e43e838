// Room sound over the "audio" DataChannel (docs/protocol.md, "Room audio"): the server forwards chunks and never
// decodes them, since libwebrtc's audio engine aborts it in webrtc-java 0.14. The microphone is encoded to Opus with
// WebCodecs (20 ms frames, mono, 32 kbit/s); each chunk goes out behind an 8-byte header (sequence, timestamp in ms).
// What arrives carries the speaker's 2-byte number before that header; each speaker gets its own decoder and a small
// jitter buffer in one AudioContext. For tests and tooling, each speaker's energy as played (overall and in two tone
// bands), measured on the way to the speakers (room-audio-worklet.js), and the same for the mix of all speakers.

const SAMPLE_RATE = 48000;
const FRAME_US = 20000;
const BITRATE = 32000;
const SOURCE_BYTES = 2;
const HEADER_BYTES = 8;
/** Playback runs this far behind the newest chunk: three 20 ms frames of slack for an unordered channel. */
const JITTER_S = 0.06;
/** Further behind than this (a stall, a slow tab), playback skips ahead rather than staying late. */
const MAX_LATE_S = 0.3;
/** What the page queues on the channel at most: 0.5 s at 32 kbit/s; late sound is dropped, not queued. */
const MAX_BUFFERED_BYTES = 2048;
/** The bands the energy is reported in (the test tones: 440 Hz and 880 Hz). */
const BANDS_HZ = [440, 880];
const WORKLET = new URL('./room-audio-worklet.js', import.meta.url);

/** Whether this browser can take part: WebCodecs Opus both ways and a microphone frame reader. */
export function audioSupport() {
  return {
    decode: typeof AudioDecoder === 'function' && typeof EncodedAudioChunk === 'function',
    encode: typeof AudioEncoder === 'function'
      && (typeof MediaStreamTrackProcessor === 'function' || typeof AudioWorkletNode === 'function'),
  };
}

export class RoomAudio {
  #channel;
  #roomId;
  #context = null;
  /** The playback graph once its worklet has loaded: { mix } (the meter every speaker's meter feeds). */
  #output = null;
  #sources = new Map(); // speaker number -> { name, decoder, nextTime, lastSequence, meter }
  #encoder = null;
  #reader = null;
  #capture = null;
  #microphone = null;
  #sequence = 0;
  #closed = false;
  #onHeld;
  #heldFrames = false;
  #tapping = false;
  /**
   * Read by tests and tooling (window.magicShield.audio): per speaker what arrived, was decoded and played; output:
   * the mix as played; playback and capture: the states of the AudioContexts.
   */
  status = { supported: audioSupport(), sending: false, muted: false, sent: 0, unsent: 0, sources: {},
    output: meterStatus(), playback: null, capture: null, held: false, error: null };

  /**
   * @param channel the session's "audio" DataChannel, @param roomId to name speakers by their stream ids,
   * @param onHeld called with true while the browser holds this page's sound back (it waits for a click or key on the
   * page), and with false once it plays
   */
  constructor(channel, roomId, onHeld = () => {}) {
    this.#channel = channel;
    this.#roomId = roomId;
    this.#onHeld = onHeld;
    channel.binaryType = 'arraybuffer';
    if (this.status.supported.decode) {
      channel.onmessage = ({ data }) => this.#receive(data);
      this.#startPlayback().catch((error) => { this.status.error = `playback: ${error.message}`; });
    }
  }

  /** One context for all speakers, its mix passing through a meter on the way to the speakers. */
  async #startPlayback() {
    const context = new AudioContext({ sampleRate: SAMPLE_RATE });
    this.#context = context;
    this.#watch(context, 'playback');
    await context.audioWorklet.addModule(WORKLET);
    if (this.#closed) return;
    const mix = this.#meter(context, this.status.output);
    mix.connect(context.destination);
    this.#output = { mix };
  }

  /** A pass-through node that measures what goes through it into {@code stats}. */
  #meter(context, stats) {
    const node = new AudioWorkletNode(context, 'playout-meter', { numberOfInputs: 1, numberOfOutputs: 1,
      outputChannelCount: [1], channelCount: 1, channelCountMode: 'explicit',
      processorOptions: { bands: BANDS_HZ } });
    node.port.onmessage = ({ data }) => {
      const n = stats.blocks + 1;
      stats.power += (data.power - stats.power) / n;
      BANDS_HZ.forEach((hz, i) => { stats.bands[hz] += (data.bands[i] - stats.bands[hz]) / n; });
      stats.blocks = n;
    };
    return node;
  }

  /** Keeps {@code status[key]} at the context's state. */
  #watch(context, key) {
    const update = () => {
      this.status[key] = context.state;
      this.#checkHeld();
    };
    context.onstatechange = update;
    update();
  }

  /**
   * Tells the page whether the browser holds back sound there is: a speaker's frames with playback suspended, or
   * the microphone's with capture suspended (a context made before any click or key on the page starts so).
   */
  #checkHeld() {
    const held = (this.#context?.state === 'suspended' && this.#heldFrames)
      || (this.#capture?.state === 'suspended' && this.#tapping);
    if (held !== this.status.held && !this.#closed) {
      this.status.held = held;
      this.#onHeld(held);
    }
  }

  /** Sends the microphone (a MediaStream with an audio track) while not muted. */
  async send(microphone) {
    const track = microphone?.getAudioTracks()[0];
    if (!track || !this.status.supported.encode || this.#closed) return;
    this.#microphone = microphone;
    this.#encoder = new AudioEncoder({
      output: (chunk) => this.#sendChunk(chunk),
      error: (error) => { this.status.error = `encoder: ${error.message}`; },
    });
    this.status.sending = true;
    if (typeof MediaStreamTrackProcessor === 'function') {
      await this.#readFrames(track);
      this.status.sending = false;
    } else {
      await this.#tapFrames(microphone);
    }
  }

  /** Chromium: the track's own AudioData frames. */
  async #readFrames(track) {
    this.#reader = new MediaStreamTrackProcessor({ track }).readable.getReader();
    for (;;) {
      const { value: frame, done } = await this.#reader.read().catch(() => ({ done: true }));
      if (done) break;
      try {
        this.#encode(frame);
      } finally {
        frame.close();
      }
    }
  }

  /**
   * Firefox: 20 ms blocks from an AudioWorklet (room-audio-worklet.js), made into AudioData here. The context runs
   * at the microphone's rate (Firefox connects no stream of another rate); it needs a click on the page, as playback.
   */
  async #tapFrames(microphone) {
    const context = new AudioContext();
    this.#capture = context;
    this.#watch(context, 'capture');
    await context.audioWorklet.addModule(WORKLET);
    if (this.#closed) return;
    const tap = new AudioWorkletNode(context, 'microphone-tap');
    const silent = context.createGain();
    silent.gain.value = 0; // the graph is pulled only up to a destination; nothing of the microphone is played
    context.createMediaStreamSource(microphone).connect(tap).connect(silent).connect(context.destination);
    let timestamp = 0;
    tap.port.onmessage = ({ data }) => {
      const frame = new AudioData({ format: 'f32-planar', sampleRate: context.sampleRate, numberOfFrames: data.length,
        numberOfChannels: 1, timestamp, data });
      timestamp += (data.length * 1e6) / context.sampleRate;
      try {
        this.#encode(frame);
      } finally {
        frame.close();
      }
    };
    this.#tapping = true;
    this.#checkHeld();
  }

  #encode(frame) {
    if (this.#closed) return;
    if (this.#encoder.state === 'unconfigured') {
      try {
        // the microphone's own rate: Opus resamples to 48 kHz inside
        this.#encoder.configure({ codec: 'opus', sampleRate: frame.sampleRate, numberOfChannels: 1,
          bitrate: BITRATE, opus: { frameDuration: FRAME_US } });
      } catch (error) {
        this.status.error = `encoder: ${error.message}`;
        this.#encoder.close();
        return;
      }
    }
    if (!this.status.muted && this.#encoder.state === 'configured') {
      const input = mono(frame);
      this.#encoder.encode(input);
      if (input !== frame) input.close();
    }
  }

  /**
   * Starts sound the browser held back (an AudioContext made without a click on the page stays suspended): call it
   * from a click or key press.
   */
  resume() {
    this.#context?.resume().catch(() => {});
    this.#capture?.resume().catch(() => {});
  }

  /** Muted: nothing is encoded or sent (the others hear silence, and the server forwards nothing). */
  setMuted(muted) {
    this.status.muted = muted;
  }

  /** Lets go of the speakers not in {@code present} (stream ids): they left, and a new join is a new speaker. */
  keepOnly(present) {
    for (const [number, source] of this.#sources) {
      if (present.has(source.name)) continue;
      if (source.decoder && source.decoder.state !== 'closed') source.decoder.close();
      source.meter?.port.postMessage('end');
      source.meter?.disconnect();
      this.#sources.delete(number);
      delete this.status.sources[source.name];
    }
  }

  close() {
    this.#closed = true;
    this.#reader?.cancel().catch(() => {});
    if (this.#encoder?.state !== 'closed') this.#encoder?.close();
    this.#microphone?.getTracks().forEach((t) => t.stop());
    for (const source of this.#sources.values()) {
      if (source.decoder && source.decoder.state !== 'closed') source.decoder.close();
    }
    this.#sources.clear();
    this.#context?.close().catch(() => {});
    this.#capture?.close().catch(() => {});
    this.status.sending = false;
    this.#channel.onmessage = null;
  }

  #sendChunk(chunk) {
    if (this.#channel.readyState !== 'open' || this.#channel.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.status.unsent += 1;
      return;
    }
    const bytes = new Uint8Array(HEADER_BYTES + chunk.byteLength);
    const header = new DataView(bytes.buffer);
    header.setUint32(0, this.#sequence);
    header.setUint32(4, Math.round(chunk.timestamp / 1000) >>> 0);
    this.#sequence = (this.#sequence + 1) >>> 0;
    chunk.copyTo(bytes.subarray(HEADER_BYTES));
    this.#channel.send(bytes);
    this.status.sent += 1;
  }

  #receive(data) {
    if (this.#closed || !(data instanceof ArrayBuffer) || data.byteLength <= SOURCE_BYTES + HEADER_BYTES) return;
    const view = new DataView(data);
    const number = view.getUint16(0);
    const sequence = view.getUint32(SOURCE_BYTES);
    const timestamp = view.getUint32(SOURCE_BYTES + 4);
    const source = this.#sources.get(number) ?? this.#addSource(number);
    const stats = this.status.sources[source.name];
    stats.chunks += 1;
    if (source.lastSequence !== null && ((sequence - source.lastSequence) | 0) <= 0) {
      stats.late += 1; // the channel is unordered: a chunk behind one already played is of no use
      return;
    }
    source.lastSequence = sequence;
    if (source.decoder?.state !== 'configured') source.decoder = this.#decoder(source);
    source.decoder.decode(new EncodedAudioChunk({ type: 'key', timestamp: timestamp * 1000,
      data: new Uint8Array(data, SOURCE_BYTES + HEADER_BYTES) }));
  }

  #addSource(number) {
    const name = `${this.#roomId}.${number}`;
    this.status.sources[name] = { chunks: 0, late: 0, frames: 0, held: 0, errors: 0, ...meterStatus() };
    const source = { name, nextTime: 0, lastSequence: null, decoder: null, meter: null };
    this.#sources.set(number, source);
    return source;
  }

  /** A decoder for one speaker; a chunk it cannot decode closes it, and the next chunk gets a new one. */
  #decoder(source) {
    const decoder = new AudioDecoder({
      output: (audio) => this.#play(source, audio),
      error: () => { this.status.sources[source.name].errors += 1; },
    });
    decoder.configure({ codec: 'opus', sampleRate: SAMPLE_RATE, numberOfChannels: 1 });
    return decoder;
  }

  /**
   * Schedules a decoded frame behind the speaker's last one, through the speaker's meter into the mix. While the
   * context does not run (no click on the page yet, or its worklet still loading) the frame is dropped and counted:
   * queued, it would all play late at once.
   */
  #play(source, audio) {
    try {
      const stats = this.status.sources[source.name];
      stats.frames += 1;
      const context = this.#context;
      if (!this.#output || context.state !== 'running') {
        stats.held += 1;
        this.#heldFrames = true;
        this.#checkHeld();
        return;
      }
      if (!source.meter) {
        source.meter = this.#meter(context, stats);
        source.meter.connect(this.#output.mix);
      }
      const samples = new Float32Array(audio.numberOfFrames);
      audio.copyTo(samples, { planeIndex: 0, format: 'f32-planar' });
      const buffer = context.createBuffer(1, samples.length, audio.sampleRate);
      buffer.copyToChannel(samples, 0);
      const node = context.createBufferSource();
      node.buffer = buffer;
      node.connect(source.meter);
      const now = context.currentTime;
      if (source.nextTime < now || source.nextTime > now + MAX_LATE_S) source.nextTime = now + JITTER_S;
      node.start(source.nextTime);
      source.nextTime += buffer.duration;
    } finally {
      audio.close();
    }
  }
}

/** A meter's running means over 20 ms blocks of what it passed: power, and power in each band. */
function meterStatus() {
  return { blocks: 0, power: 0, bands: Object.fromEntries(BANDS_HZ.map((hz) => [hz, 0])) };
}

/** The frame as one channel (the first), since the encoder is mono and microphones may give two. */
function mono(frame) {
  if (frame.numberOfChannels === 1 && frame.format === 'f32-planar') return frame;
  const samples = new Float32Array(frame.numberOfFrames);
  frame.copyTo(samples, { planeIndex: 0, format: 'f32-planar' });
  return new AudioData({ format: 'f32-planar', sampleRate: frame.sampleRate, numberOfFrames: frame.numberOfFrames,
    numberOfChannels: 1, timestamp: frame.timestamp, data: samples });
}
