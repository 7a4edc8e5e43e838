// A small two-series line chart on a canvas: round trip and processing time over the last minute.

const COLORS = { rtt: '#60a5fa', processing: '#ffb347' };

export class LiveChart {
  #canvas;
  #points = [];
  #capacity;

  constructor(canvas, capacity = 60) {
    this.#canvas = canvas;
    this.#capacity = capacity;
    this.draw();
  }

  add(rtt, processing) {
    this.#points.push({ rtt, processing });
    if (this.#points.length > this.#capacity) this.#points.shift();
    this.draw();
  }

  clear() {
    this.#points = [];
    this.draw();
  }

  draw() {
    const canvas = this.#canvas;
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth || canvas.width;
    const height = canvas.clientHeight || canvas.height;
    canvas.width = width * ratio;
    canvas.height = height * ratio;
    const g = canvas.getContext('2d');
    g.scale(ratio, ratio);
    g.clearRect(0, 0, width, height);

    const values = this.#points.flatMap((p) => [p.rtt, p.processing]).filter(Number.isFinite);
    const top = Math.max(10, ...values) * 1.15;
    g.strokeStyle = '#262c40';
    g.fillStyle = '#8d94ad';
    g.font = '10px system-ui, sans-serif';
    g.lineWidth = 1;
    for (const fraction of [0.5, 1]) {
      const y = height - (height - 4) * fraction;
      g.beginPath();
      g.moveTo(0, y);
      g.lineTo(width, y);
      g.stroke();
      g.fillText(`${Math.round(top * fraction)} ms`, 4, y + 11);
    }
    for (const series of ['rtt', 'processing']) {
      g.strokeStyle = COLORS[series];
      g.lineWidth = 2;
      g.beginPath();
      let started = false;
      this.#points.forEach((point, i) => {
        const value = point[series];
        if (!Number.isFinite(value)) return;
        const x = (i / (this.#capacity - 1)) * width;
        const y = height - (value / top) * (height - 4);
        if (started) g.lineTo(x, y); else g.moveTo(x, y);
        started = true;
      });
      g.stroke();
    }
  }
}
