// What the person sees and how the link is doing, figured once a second from the page's own WebRTC stats, the
// server's report (its view of the link) and the processed video's frames as the page shows them; and whether to
// tell the person that the connection is poor. The method is in docs/protocol.md ("What the page measures").

// The poor-connection notice judges the link as it is now, from what the person sees this second: a second is poor
// when any of these holds. The notice shows at the first poor second (after the start's grace) and clears after
// CLEAR_AFTER_GOOD good ones in a row. A picture the links made smaller is not a reason of its own: after a link
// recovers the picture regrows at the pace of the bandwidth estimates (8-20 s after a 300 kbit/s cap was lifted,
// docs/performance.md), while frames, loss and lag are good again within a second or two; the smaller picture has
// its own, calmer status (PictureStatus below).
export const POOR = {
  minShownFps: 20,     // fewer new frames shown: a slideshow
  maxLoss: 0.05,       // more packets lost in either direction
  maxLoopMs: 400,      // the processed video lags the camera by more
};
const CLEAR_AFTER_GOOD = 2;
// The first seconds are not judged: the bandwidth estimate starts at the start bitrate and climbs, and the first
// frames wait for a key frame.
const GRACE_MS = 5000;
// A reduced picture is "returning to full size" for RETURNING_MS after it grew, or after either direction's bandwidth
// estimate rose to RETURNING_ESTIMATE_GROWTH times the highest it was in the RETURNING_MS before: a probe that found
// a recovered link (from ~250 to 1000+ kbit/s in a second after a 300 kbit/s cap was lifted); an estimate's own
// climb, ~8% a second, or its return after a dip does not, so a steady thin link does not claim it.
const RETURNING_MS = 5000;
const RETURNING_ESTIMATE_GROWTH = 1.5;

function median(values) {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function videoEntries(report) {
  const out = {};
  report?.forEach((s) => {
    if (s.kind === 'video' && (s.type === 'inbound-rtp' || s.type === 'outbound-rtp')) out[s.type] = s;
    if (s.type === 'transport' && s.selectedCandidatePairId) out.pairId = s.selectedCandidatePairId;
  });
  if (out.pairId) out.pair = report.get(out.pairId);
  return out;
}

const delta = (now, before, name) => (now?.[name] ?? 0) - (before?.[name] ?? 0);
const perItem = (now, before, total, count) => {
  const n = delta(now, before, count);
  return n > 0 ? 1000 * delta(now, before, total) / n : NaN;
};

export class LinkQuality {
  #before = null;
  #beforeAt = 0;
  #shown = 0;
  #presented = null;
  #displayMs = [];
  #firstShownAt = null;
  #good = 0;
  #poor = false;
  #freezes = 0;
  #picture = new PictureStatus();

  /**
   * Called by the processed video's requestVideoFrameCallback. One callback can stand for several frames: it runs in
   * the page's next rendering step with the last frame presented, and a frame presented between two steps that ran
   * no callback for it is counted by meta.presentedFrames only. Counting callbacks gave 23-28 frames a second where
   * the compositor presented 28-30 of the 30 decoded (BrowserIT, docs/performance.md, "Frames shown").
   */
  frameShown(now, meta) {
    this.#firstShownAt ??= now;
    const presented = meta?.presentedFrames;
    this.#shown += presented > this.#presented && this.#presented !== null ? presented - this.#presented : 1;
    if (presented !== undefined) this.#presented = presented;
    if (meta?.receiveTime !== undefined) this.#displayMs.push(meta.expectedDisplayTime - meta.receiveTime);
  }

  /**
   * One second's figures.
   * @param report the page's RTCStatsReport, @param server the server's last stats report (or null),
   * @param pingMs the last data-channel round trip, @param cameraWidth the camera's own width (as captured),
   * @param now performance.now()
   */
  update(report, server, pingMs, cameraWidth, now) {
    const entries = videoEntries(report);
    const before = this.#before ?? {};
    const seconds = this.#before ? (now - this.#beforeAt) / 1000 : NaN;
    const inNow = entries['inbound-rtp'], inBefore = before['inbound-rtp'];
    const outNow = entries['outbound-rtp'], outBefore = before['outbound-rtp'];
    const link = server?.link ?? null;

    const received = delta(inNow, inBefore, 'packetsReceived');
    const lost = Math.max(0, delta(inNow, inBefore, 'packetsLost'));
    const freezes = Math.max(0, delta(inNow, inBefore, 'freezeCount'));
    this.#freezes += freezes;
    const cameraMs = perItem(outNow, outBefore, 'totalEncodeTime', 'framesEncoded')
      + perItem(outNow, outBefore, 'totalPacketSendDelay', 'packetsSent');
    const serverMs = (link?.serverDelayMs ?? NaN) + (server?.processingMsP50 ?? NaN);
    const displayMs = median(this.#displayMs);
    const figures = {
      shownFps: seconds > 0 ? this.#shown / seconds : NaN,
      // the stage before: frames the page's WebRTC decoded, so that shownFps below it points at the page's renderer
      decodedFps: seconds > 0 ? delta(inNow, inBefore, 'framesDecoded') / seconds : NaN,
      freezes: this.#freezes,
      freezesNow: freezes,
      loopMs: cameraMs + (pingMs ?? NaN) + serverMs + displayMs,
      // serverStages: the server's WebRTC stage by stage (its jitter buffer, decoding, encoding, pacer)
      parts: { cameraMs, networkMs: pingMs ?? NaN, serverMs, displayMs, serverStages: link?.serverDelay ?? null },
      upKbps: (entries.pair?.availableOutgoingBitrate ?? NaN) / 1000,
      downKbps: link?.estimateKbps ?? NaN,
      lossDown: received + lost > 0 ? lost / (received + lost) : 0,
      lossUp: link?.cameraLoss ?? 0,
      cameraSent: outNow?.frameWidth ? `${outNow.frameWidth}x${outNow.frameHeight}` : null,
      // why the browser's encoder sends less than asked: "bandwidth", "cpu" (it scales the camera down itself), "none"
      cameraLimitation: outNow?.qualityLimitationReason ?? null,
      videoBack: link?.sentWidth ? `${link.sentWidth}x${link.sentHeight}` : null,
      // smaller than the camera takes it: the server's picture, the camera's sender, or both reduced for the link
      reducedTo: link?.sentWidth && link.sentWidth < cameraWidth ? `${link.sentWidth}x${link.sentHeight}` : null,
      videoBackFps: link?.sentFps ?? NaN,
      nacks: delta(inNow, inBefore, 'nackCount'),
      plis: delta(inNow, inBefore, 'pliCount'),
    };
    figures.reasons = this.#judge(figures, now);
    figures.picture = this.#picture.update(figures.reducedTo, link, figures.upKbps, figures.downKbps, now);
    this.#before = entries;
    this.#beforeAt = now;
    this.#shown = 0;
    this.#displayMs = [];
    figures.poor = this.#poor;
    return figures;
  }

  #judge(f, now) {
    const reasons = [];
    if (this.#firstShownAt === null || now - this.#firstShownAt < GRACE_MS) return reasons;
    if (f.shownFps < POOR.minShownFps) reasons.push(`${Math.round(f.shownFps)} frames a second arrive`);
    if (f.freezesNow > 0) reasons.push('the video froze');
    const loss = Math.max(f.lossDown, f.lossUp);
    if (loss > POOR.maxLoss) reasons.push(`${(100 * loss).toFixed(0)}% of the packets are lost`);
    if (f.loopMs > POOR.maxLoopMs) reasons.push(`the video lags by ${Math.round(f.loopMs)} ms`);
    if (reasons.length) {
      this.#poor = true;
      this.#good = 0;
    } else if (this.#poor && ++this.#good >= CLEAR_AFTER_GOOD) {
      this.#poor = false;
    }
    return reasons;
  }
}

/**
 * The processed picture while the links make it smaller than the camera takes it: {size, returning} (returning: it
 * is growing back to full size), or null at full size.
 */
class PictureStatus {
  #pixels = 0;
  #returningFrom = -Infinity;
  #estimates = [];

  update(reducedTo, link, upKbps, downKbps, now) {
    const pixels = (link?.sentWidth ?? 0) * (link?.sentHeight ?? 0);
    if (this.#pixels && pixels > this.#pixels) this.#returningFrom = now;
    if (pixels) this.#pixels = pixels;
    this.#estimates = this.#estimates.filter((e) => now - e.at <= RETURNING_MS);
    const rose = (name, kbps) => {
      const before = this.#estimates.map((e) => e[name]).filter(Number.isFinite);
      return before.length > 0 && kbps >= RETURNING_ESTIMATE_GROWTH * Math.max(...before);
    };
    if (rose('up', upKbps) || rose('down', downKbps)) this.#returningFrom = now;
    this.#estimates.push({ at: now, up: upKbps, down: downKbps });
    if (!reducedTo) return null;
    return { size: reducedTo, returning: now - this.#returningFrom <= RETURNING_MS };
  }
}
