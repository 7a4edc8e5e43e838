// Run in the Magic Shield page by the browser test (Selenium executeAsyncScript) to measure the loop camera -> server
// -> screen inside the browser. The fake camera's frames carry FrameMarker's band (a number as 8 black or white
// cells and their complement along the bottom edge). With the argument 'start' it watches every frame the camera
// preview (#local) and the processed video (#remote) present (requestVideoFrameCallback) and reads the band of
// each; with 'collect' it returns, for each processed frame whose number the camera showed, the time from that
// camera frame's capture to the processed frame's display (and to its hand-over to the compositor, a refresh or so
// earlier), and for each camera frame the time from its capture to
// its display in the preview (the browser's own share of any loop), and the browser's WebRTC timings over the same
// window from the page's getStats (encode per camera frame, send queue per packet sent; assembly per processed frame
// that came in several packets; jitter buffer, decode, packet-to-decoded per processed frame).
const [action, bits, done] = arguments;
const cells = 2 * bits;
// A number comes round again after the camera's loop (4.9 s in the tests' loops): a processed frame paired with a
// capture older than half of that was paired with the last round's, because the preview did not present this
// round's frame of that number; it is counted as stale, not as a loop.
const STALE_MS = 2400;

// Copies only the band's middle rows out of the video, not the whole frame: the probe runs for every frame of both
// videos, in a browser that shares the machine with the server it measures.
function readBand(canvas, context, video, mirrored) {
  const width = video.videoWidth, height = video.videoHeight;
  const band = Math.max(8, Math.floor(height / 30)) & ~1;
  const from = height - band + Math.floor(band / 4), to = height - Math.floor(band / 4);
  if (canvas.width !== width || canvas.height !== to - from) {
    canvas.width = width;
    canvas.height = to - from;
  }
  context.drawImage(video, 0, from, width, to - from, 0, 0, width, to - from);
  const data = context.getImageData(0, 0, width, to - from).data;
  let number = 0, complement = 0;
  for (let cell = 0; cell < cells; cell++) {
    const physical = mirrored ? cells - 1 - cell : cell;
    const x0 = Math.floor(physical * width / cells + width / cells / 4);
    const x1 = Math.floor((physical + 1) * width / cells - width / cells / 4);
    let sum = 0, n = 0;
    for (let y = 0; y < to - from; y++) {
      for (let x = x0; x < x1; x++) {
        const i = 4 * (y * width + x);
        sum += data[i] + data[i + 1] + data[i + 2];
        n += 3;
      }
    }
    const one = sum > n * 127.5;  // the cells are black or white: mid-grey between them
    if (cell < bits) number = number << 1 | (one ? 1 : 0);
    else complement = complement << 1 | (one ? 1 : 0);
  }
  return (number ^ complement) === (1 << bits) - 1 ? number : null;
}

function watch(video, mirrored, onFrame) {
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  const step = (now, meta) => {
    if (!window.__loopProbe.stopped) {
      if (video.videoWidth) {
        onFrame(readBand(canvas, context, video, mirrored), meta);
      }
      video.requestVideoFrameCallback(step);
    }
  };
  video.requestVideoFrameCallback(step);
}

function videoStats(report) {
  const out = {};
  report?.forEach((s) => {
    if (s.kind === 'video' && (s.type === 'inbound-rtp' || s.type === 'outbound-rtp')) out[s.type] = s;
  });
  return out;
}

function perItem(from, to, total, count) {
  const n = (to?.[count] ?? 0) - (from?.[count] ?? 0);
  return n > 0 ? 1000 * ((to[total] ?? 0) - (from[total] ?? 0)) / n : null;
}

function counted(from, to, name) {
  return to?.[name] === undefined ? null : to[name] - (from?.[name] ?? 0);
}

function timings(from, to) {
  const [outFrom, outTo] = [from['outbound-rtp'], to['outbound-rtp']];
  const [inFrom, inTo] = [from['inbound-rtp'], to['inbound-rtp']];
  return {
    encodeMs: perItem(outFrom, outTo, 'totalEncodeTime', 'framesEncoded'),
    sendQueueMs: perItem(outFrom, outTo, 'totalPacketSendDelay', 'packetsSent'),
    assemblyMs: perItem(inFrom, inTo, 'totalAssemblyTime', 'framesAssembledFromMultiplePackets'),
    jitterBufferMs: perItem(inFrom, inTo, 'jitterBufferDelay', 'jitterBufferEmittedCount'),
    decodeMs: perItem(inFrom, inTo, 'totalDecodeTime', 'framesDecoded'),
    packetToDecodedMs: perItem(inFrom, inTo, 'totalProcessingDelay', 'framesDecoded'),
    jitterTargetMs: perItem(inFrom, inTo, 'jitterBufferTargetDelay', 'jitterBufferEmittedCount'),
    keyFrames: counted(inFrom, inTo, 'keyFramesDecoded'),
    packetsLost: counted(inFrom, inTo, 'packetsLost'),
    nacks: counted(inFrom, inTo, 'nackCount'),
    plis: counted(inFrom, inTo, 'pliCount'),
  };
}

if (action === 'start') {
  const probe = window.__loopProbe = {
    captured: new Map(), loops: [], composed: [], previews: [], shown: 0, unread: 0, stale: 0, captureTimes: 0,
    stopped: false,
  };
  watch(document.getElementById('local'), false, (number, meta) => {
    if (number === null) return;
    // the camera frame's capture time where the browser gives it, else when the preview presented it
    const captured = meta.captureTime ?? meta.presentationTime;
    if (meta.captureTime !== undefined) {
      probe.captureTimes++;
      // the same page showing its own camera: the part of the loop that is the browser's display, not the server
      probe.previews.push(meta.expectedDisplayTime - meta.captureTime);
    }
    probe.captured.set(number, captured);
  });
  // the server mirrors when the page asks it to; a mirrored band read the other way gives another valid number
  watch(document.getElementById('remote'), document.getElementById('mirror').checked, (number, meta) => {
    probe.shown++;
    if (number === null) {
      probe.unread++;
      return;
    }
    const captured = probe.captured.get(number);
    if (captured === undefined) return;
    if (meta.expectedDisplayTime - captured > STALE_MS) {
      probe.stale++;
      return;
    }
    probe.loops.push(meta.expectedDisplayTime - captured);
    probe.composed.push(meta.presentationTime - captured);
  });
  window.magicShield.rtcStats().then((report) => {
    probe.statsFrom = videoStats(report);
    done(true);
  });
} else {
  const probe = window.__loopProbe;
  probe.stopped = true;
  window.magicShield.rtcStats().then((report) => done({
    loopsMs: probe.loops, composedMs: probe.composed, previewMs: probe.previews, shown: probe.shown,
    unread: probe.unread, stale: probe.stale,
    cameraFramesWithCaptureTime: probe.captureTimes, browser: timings(probe.statsFrom, videoStats(report)),
  }));
}
