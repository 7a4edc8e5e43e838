// Room sound over the "audio" DataChannel (docs/protocol.md, "Room audio"): the server forwards chunks and never
// decodes them, since libwebrtc's audio engine aborts it in webrtc-java 0.14. The microphone is encoded to Opus with
// WebCodecs (20 ms frames, mono, 32 kbit/s); each chunk goes out behind an 8-byte header (sequence, timestamp in ms).
// What arrives carries the speaker's 2-byte number before that header; each speaker gets its own decoder and a small
// jitter buffer in one AudioContext. For tests and tooling, each speaker's energy, overall and in two tone bands.

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

/** Whether this browser can take part: WebCodecs Opus both ways and a microphone frame reader. */
export function audioSupport() {
  return {
    decode: typeof AudioDecoder === 'function' && typeof EncodedAudioChunk === 'function',
    encode: typeof AudioEncoder === 'function'
      && (typeof MediaStreamTrackProcessor === 'function' || typeof AudioWorkletNode === 'function'),
  };
}

/** The power of {@code hz} in {@code samples} (Goertzel), as the squared amplitude of a sine at that frequency. */
function bandPower(samples, hz, sampleRate) {
  const coefficient = 2 * Math.cos((2 * Math.PI * hz) / sampleRate);
  let previous = 0;
  let beforePrevious = 0;
  for (const sample of samples) {
    const current = sample + coefficient * previous - beforePrevious;
    beforePrevious = previous;
    previous = current;
  }
  const power = previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious;
  return (4 * power) / (samples.length * samples.length);
}

export class RoomAudio {
  #channel;
  #roomId;
  #context = null;
  #sources = new Map(); // speaker number -> { decoder, nextTime, lastSequence }
  #encoder = null;
  #reader = null;
  #capture = null;
  #microphone = null;
  #sequence = 0;
  #closed = false;
  /** Read by tests and tooling (window.magicShield.audio). */
  status = { supported: audioSupport(), sending: false, muted: false, sent: 0, unsent: 0, sources: {}, error: null };

  /** @param channel the session's "audio" DataChannel, @param roomId to name speakers by their stream ids */
  constructor(channel, roomId) {
    this.#channel = channel;
    this.#roomId = roomId;
    channel.binaryType = 'arraybuffer';
    if (this.status.supported.decode) {
      channel.onmessage = ({ data }) => this.#receive(data);
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

  /** Firefox: 20 ms blocks from an AudioWorklet (microphone-worklet.js), made into AudioData here. */
  async #tapFrames(microphone) {
    const context = new AudioContext();
    this.#capture = context;
    context.onstatechange = () => { this.status.capture = context.state; };
    await context.audioWorklet.addModule(new URL('./microphone-worklet.js', import.meta.url));
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
    this.status.sources[name] = { chunks: 0, late: 0, frames: 0, errors: 0, power: 0,
      bands: Object.fromEntries(BANDS_HZ.map((hz) => [hz, 0])) };
    const source = { name, nextTime: 0, lastSequence: null, decoder: null };
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

  #play(source, audio) {
    try {
      const samples = new Float32Array(audio.numberOfFrames);
      audio.copyTo(samples, { planeIndex: 0, format: 'f32-planar' });
      this.#measure(source.name, samples, audio.sampleRate);
      this.#context ??= new AudioContext({ sampleRate: SAMPLE_RATE });
      const context = this.#context;
      const buffer = context.createBuffer(1, samples.length, audio.sampleRate);
      buffer.copyToChannel(samples, 0);
      const node = context.createBufferSource();
      node.buffer = buffer;
      node.connect(context.destination);
      const now = context.currentTime;
      if (source.nextTime < now || source.nextTime > now + MAX_LATE_S) source.nextTime = now + JITTER_S;
      node.start(source.nextTime);
      source.nextTime += buffer.duration;
      this.status.playback = context.state;
      this.status.capture = this.#capture?.state ?? null;
    } finally {
      audio.close();
    }
  }

  /** Running means over the decoded frames: power, and power in each band. */
  #measure(name, samples, sampleRate) {
    const stats = this.status.sources[name];
    const n = stats.frames + 1;
    let sum = 0;
    for (const sample of samples) sum += sample * sample;
    stats.power += (sum / samples.length - stats.power) / n;
    for (const hz of BANDS_HZ) stats.bands[hz] += (bandPower(samples, hz, sampleRate) - stats.bands[hz]) / n;
    stats.frames = n;
  }
}

/** The frame as one channel (the first), since the encoder is mono and microphones may give two. */
function mono(frame) {
  if (frame.numberOfChannels === 1 && frame.format === 'f32-planar') return frame;
  const samples = new Float32Array(frame.numberOfFrames);
  frame.copyTo(samples, { planeIndex: 0, format: 'f32-planar' });
  return new AudioData({ format: 'f32-planar', sampleRate: frame.sampleRate, numberOfFrames: frame.numberOfFrames,
    numberOfChannels: 1, timestamp: frame.timestamp, data: samples });
}
