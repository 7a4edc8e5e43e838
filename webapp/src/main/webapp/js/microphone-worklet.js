// The microphone's first channel in 20 ms blocks, posted to the page, for browsers without
// MediaStreamTrackProcessor (Firefox): room-audio.js encodes the blocks. Runs on the audio rendering thread.
class MicrophoneTap extends AudioWorkletProcessor {
  #block = new Float32Array(Math.round(sampleRate / 50));
  #filled = 0;

  process(inputs) {
    const channel = inputs[0]?.[0];
    for (let offset = 0; channel && offset < channel.length;) {
      const n = Math.min(channel.length - offset, this.#block.length - this.#filled);
      this.#block.set(channel.subarray(offset, offset + n), this.#filled);
      this.#filled += n;
      offset += n;
      if (this.#filled === this.#block.length) {
        this.port.postMessage(this.#block, [this.#block.buffer]);
        this.#block = new Float32Array(this.#block.length);
        this.#filled = 0;
      }
    }
    return true;
  }
}

registerProcessor('microphone-tap', MicrophoneTap);
