// Run in the Magic Shield page by the browser test (Selenium executeAsyncScript) to measure the loop camera -> server
// -> screen inside the browser. The fake camera's frames carry FrameMarker's band (a number as 8 black or white
// cells and their complement along the bottom edge). With the argument 'start' it watches every frame the camera
// preview (#local) and the processed video (#remote) present (requestVideoFrameCallback) and reads the band of
// each; with 'collect' it stops and returns (with 'take' it returns and watches on, the next take covering the time
// since this one), for each processed frame whose number the camera showed, the time from that
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

// The band's rows and cells, for a picture of this size.
function bandGeometry(width, height) {
  const band = Math.max(8, Math.floor(height / 30)) & ~1;
  const from = height - band + Math.floor(band / 4), to = height - Math.floor(band / 4);
  return { from, rows: to - from };
}

// The number from a cell's mean brightness: value(x, y) within the band's rows, mid-way between the cells' black and
// white as the threshold.
function decode(width, rows, value, mid, mirrored) {
  let number = 0, complement = 0;
  for (let cell = 0; cell < cells; cell++) {
    const physical = mirrored ? cells - 1 - cell : cell;
    const x0 = Math.floor(physical * width / cells + width / cells / 4);
    const x1 = Math.floor((physical + 1) * width / cells - width / cells / 4);
    let sum = 0, n = 0;
    for (let y = 0; y < rows; y++) {
      for (let x = x0; x < x1; x++) {
        sum += value(x, y);
        n++;
      }
    }
    const one = sum > n * mid;
    if (cell < bits) number = number << 1 | (one ? 1 : 0);
    else complement = complement << 1 | (one ? 1 : 0);
  }
  return (number ^ complement) === (1 << bits) - 1 ? number : null;
}

// Frames whose first plane is luma: WebCodecs copies the band's rows of it alone, with no colour conversion.
const LUMA_FIRST = ['I420', 'I420A', 'I422', 'I444', 'NV12'];

// The band of the frame the video presents now, read from the frame's own luma rows (WebCodecs' VideoFrame.copyTo
// with a rectangle). Drawing the video onto a canvas instead converts the whole frame to RGB first, 60 times a second
// for the two videos, in a browser that shares two cores with the server it measures; that path stays for frames
// that are not YUV. Calls back with the number, or null when unreadable.
function readBand(canvas, context, video, mirrored, probe, onNumber) {
  const started = performance.now();
  let frame = null;
  try {
    frame = typeof VideoFrame === 'function' ? new VideoFrame(video) : null;
  } catch (e) {
    frame = null;  // no frame to wrap yet
  }
  if (frame && LUMA_FIRST.includes(frame.format)) {
    const visible = frame.visibleRect;
    const { from, rows } = bandGeometry(visible.width, visible.height);
    const rect = { x: visible.x & ~1, y: (visible.y + from) & ~1, width: visible.width & ~1, height: (rows + 1) & ~1 };
    const buffer = new Uint8Array(frame.allocationSize({ rect }));
    const copied = frame.copyTo(buffer, { rect });
    probe.readMs += performance.now() - started;
    probe.lumaReads++;
    copied.then((layout) => {
      const readStarted = performance.now();
      const { offset, stride } = layout[0];
      // black 16, white 235 (FrameMarker)
      onNumber(decode(rect.width, rect.height, (x, y) => buffer[offset + y * stride + x], 125.5, mirrored));
      probe.readMs += performance.now() - readStarted;
    }, () => onNumber(null)).finally(() => frame.close());
    return;
  }
  frame?.close();
  const width = video.videoWidth, height = video.videoHeight;
  const { from, rows } = bandGeometry(width, height);
  if (canvas.width !== width || canvas.height !== rows) {
    canvas.width = width;
    canvas.height = rows;
  }
  context.drawImage(video, 0, from, width, rows, 0, 0, width, rows);
  const data = context.getImageData(0, 0, width, rows).data;
  // the cells are black or white: mid-grey between them, over R+G+B
  const number = decode(width, rows, (x, y) => {
    const i = 4 * (y * width + x);
    return data[i] + data[i + 1] + data[i + 2];
  }, 3 * 127.5, mirrored);
  probe.readMs += performance.now() - started;
  probe.canvasReads++;
  onNumber(number);
}

function watch(video, mirrored, onFrame) {
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  const step = (now, meta) => {
    const probe = window.__loopProbe;
    if (!probe.stopped) {
      if (video.videoWidth) {
        readBand(canvas, context, video, mirrored, probe, (number) => onFrame(number, meta));
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
    readMs: 0, lumaReads: 0, canvasReads: 0, stopped: false,
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
  // 'collect' stops watching; 'take' returns the window since the start or the last take and watches on
  const probe = window.__loopProbe;
  probe.stopped = action === 'collect';
  window.magicShield.rtcStats().then((report) => {
    const statsNow = videoStats(report);
    const result = {
      loopsMs: probe.loops, composedMs: probe.composed, previewMs: probe.previews, shown: probe.shown,
      unread: probe.unread, stale: probe.stale,
      cameraFramesWithCaptureTime: probe.captureTimes, browser: timings(probe.statsFrom, statsNow),
      readMs: probe.readMs, lumaReads: probe.lumaReads, canvasReads: probe.canvasReads,
    };
    Object.assign(probe, {
      loops: [], composed: [], previews: [], shown: 0, unread: 0, stale: 0, captureTimes: 0, readMs: 0, lumaReads: 0,
      canvasReads: 0, statsFrom: statsNow,
    });
    done(result);
  });
}
