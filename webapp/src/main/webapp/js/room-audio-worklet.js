// The room page's two processors on the audio rendering thread (room-audio.js loads this module in its contexts).
// Both work in 20 ms blocks: Opus's frame, and long enough that the 440 Hz and 880 Hz bands stay apart (50 Hz bins).

/** The power of {@code hz} in {@code samples} (Goertzel), as the squared amplitude of a sine at that frequency. */
function bandPower(samples, hz) {
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

/** Collects the first channel of what passes into 20 ms blocks and hands each full block to {@code onBlock}. */
class Blocks {
  #size = Math.round(sampleRate / 50);
  #block = new Float32Array(this.#size);
  #filled = 0;

  add(channel, onBlock) {
    for (let offset = 0; offset < channel.length;) {
      const n = Math.min(channel.length - offset, this.#size - this.#filled);
      this.#block.set(channel.subarray(offset, offset + n), this.#filled);
      this.#filled += n;
      offset += n;
      if (this.#filled === this.#size) {
        onBlock(this.#block);
        // a fresh block each time: the full one may have been transferred (its buffer detached)
        this.#block = new Float32Array(this.#size);
        this.#filled = 0;
      }
    }
  }
}

/**
 * The microphone's first channel in 20 ms blocks, posted to the page, for browsers without MediaStreamTrackProcessor
 * (Firefox): room-audio.js encodes the blocks.
 */
class MicrophoneTap extends AudioWorkletProcessor {
  #blocks = new Blocks();

  process(inputs) {
    const channel = inputs[0]?.[0];
    if (channel) this.#blocks.add(channel, (block) => this.port.postMessage(block, [block.buffer]));
    return true;
  }
}

/**
 * Passes sound through on its way to the speakers and posts, per 20 ms block of what passed, its mean power and
 * the power in each of {@code processorOptions.bands} (Hz): what the page measures is what it plays. Any message
 * from the page ends it (its speaker left).
 */
class PlayoutMeter extends AudioWorkletProcessor {
  #blocks = new Blocks();
  #bands;
  #ended = false;

  constructor(options) {
    super();
    this.#bands = options.processorOptions.bands;
    this.port.onmessage = () => { this.#ended = true; };
  }

  process(inputs, outputs) {
    if (this.#ended) return false;
    const input = inputs[0]?.[0];
    const output = outputs[0][0];
    if (input) {
      output.set(input);
    } else {
      output.fill(0); // nothing connected plays now: silence is what passes (and is measured)
    }
    this.#blocks.add(output, (block) => {
      let sum = 0;
      for (const sample of block) sum += sample * sample;
      this.port.postMessage({ power: sum / block.length, bands: this.#bands.map((hz) => bandPower(block, hz)) });
    });
    return true;
  }
}

registerProcessor('microphone-tap', MicrophoneTap);
registerProcessor('playout-meter', PlayoutMeter);
