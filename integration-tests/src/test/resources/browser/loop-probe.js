// Run in the Magic Shield page by the browser test (Selenium executeAsyncScript) to measure the loop camera -> server
// -> screen inside the browser. The fake camera's frames carry FrameMarker's band (a number as 8 black or white
// cells and their complement along the bottom edge). With the argument 'start' it watches every frame the camera
// preview (#local) and the processed video (#remote) present (requestVideoFrameCallback: one callback can stand for
// several presented frames, see track()) and reads the band of the frame each callback sees; with 'collect' it stops
// and returns (with 'take' it returns and watches on, the next take covering the time since this one) the frames at
// each stage over the window (stages(), track()) and, for each processed frame whose number the camera showed, the time from that
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

// Per video, what the page's callbacks saw of the frames it presented: callbacks run, the compositor's
// presentedFrames over them (a callback runs in the page's next rendering step and stands for every frame presented
// since the last one: those that covered more than one are "coalesced"), the frames' numbers in order (which camera
// frames never showed) and, between consecutive presented frames, the spacing of their RTP timestamps (the sender's
// stamps: for the processed video, when the server pushed each frame) and of their arrival.
function track(probe, name, meta, number) {
  const t = probe.tracks[name] ??= { callbacks: 0, coalesced: 0, firstPresented: meta.presentedFrames - 1,
    lastPresented: meta.presentedFrames - 1, numbers: [], rtpGapsMs: [], receiveGapsMs: [], last: null };
  const frames = meta.presentedFrames - t.lastPresented;
  t.callbacks++;
  if (frames > 1) t.coalesced++;
  t.lastPresented = meta.presentedFrames;
  if (number !== null) t.numbers.push(number);
  if (frames === 1 && t.last) {
    if (meta.rtpTimestamp !== undefined) t.rtpGapsMs.push(((meta.rtpTimestamp - t.last.rtpTimestamp) >>> 0) / 90);
    if (meta.receiveTime !== undefined) t.receiveGapsMs.push(meta.receiveTime - t.last.receiveTime);
  }
  t.last = meta;
}

// The camera frames a video's numbers skipped, and how often a number came twice in a row.
function sequence(numbers, cycle) {
  let skipped = 0, repeats = 0, jumps = 0;
  for (let i = 1; i < numbers.length; i++) {
    const step = (numbers[i] - numbers[i - 1] + cycle) % cycle;
    if (step === 0) repeats++;
    else if (step <= 5) skipped += step - 1;
    else jumps++;
  }
  return { read: numbers.length, skipped, repeats, jumps };
}

function playback(video) {
  const q = video.getVideoPlaybackQuality?.();
  return q ? { total: q.totalVideoFrames, dropped: q.droppedVideoFrames } : null;
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
    if (s.kind === 'video' && (s.type === 'inbound-rtp' || s.type === 'outbound-rtp' || s.type === 'media-source')) {
      out[s.type] = s;
    }
  });
  return out;
}

// The frames at each stage of the window, from getStats: the camera's frames captured, encoded and sent; the
// processed video's frames received, decoded, dropped before the screen by WebRTC, and its freezes.
function stages(from, to) {
  const diff = (type, name) => counted(from[type], to[type], name);
  return {
    cameraFrames: diff('media-source', 'frames'), cameraEncoded: diff('outbound-rtp', 'framesEncoded'),
    cameraSent: diff('outbound-rtp', 'framesSent'), received: diff('inbound-rtp', 'framesReceived'),
    decoded: diff('inbound-rtp', 'framesDecoded'), dropped: diff('inbound-rtp', 'framesDropped'),
    freezes: diff('inbound-rtp', 'freezeCount'), pauses: diff('inbound-rtp', 'pauseCount'),
  };
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
    captured: new Map(), loops: [], composed: [], previews: [], unread: 0, stale: 0, captureTimes: 0,
    readMs: 0, lumaReads: 0, canvasReads: 0, stopped: false, tracks: {},
    playbackFrom: { local: playback(document.getElementById('local')), remote: playback(document.getElementById('remote')) },
  };
  watch(document.getElementById('local'), false, (number, meta) => {
    track(probe, 'local', meta, number);
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
    track(probe, 'remote', meta, number);
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
  const cycle = 1 + Math.max(0, ...(probe.tracks.local?.numbers ?? []), ...(probe.tracks.remote?.numbers ?? []));
  const videos = {};
  const playbackNow = {};
  for (const name of ['local', 'remote']) {
    const t = probe.tracks[name];
    const now = playbackNow[name] = playback(document.getElementById(name));
    const from = probe.playbackFrom[name];
    videos[name] = {
      callbacks: t?.callbacks ?? 0, presented: t ? t.lastPresented - t.firstPresented : 0, coalesced: t?.coalesced ?? 0,
      ...sequence(t?.numbers ?? [], cycle), rtpGapsMs: t?.rtpGapsMs ?? [], receiveGapsMs: t?.receiveGapsMs ?? [],
      playbackTotal: now && from ? now.total - from.total : null,
      playbackDropped: now && from ? now.dropped - from.dropped : null,
    };
    if (t) Object.assign(t, { callbacks: 0, coalesced: 0, firstPresented: t.lastPresented, numbers: [], rtpGapsMs: [],
      receiveGapsMs: [] });
  }
  window.magicShield.rtcStats().then((report) => {
    const statsNow = videoStats(report);
    const result = {
      videos, stages: stages(probe.statsFrom, statsNow),
      loopsMs: probe.loops, composedMs: probe.composed, previewMs: probe.previews, shown: videos.remote.presented,
      unread: probe.unread, stale: probe.stale,
      cameraFramesWithCaptureTime: probe.captureTimes, browser: timings(probe.statsFrom, statsNow),
      readMs: probe.readMs, lumaReads: probe.lumaReads, canvasReads: probe.canvasReads,
    };
    Object.assign(probe, {
      loops: [], composed: [], previews: [], unread: 0, stale: 0, captureTimes: 0, readMs: 0, lumaReads: 0,
      canvasReads: 0, statsFrom: statsNow, playbackFrom: playbackNow,
    });
    done(result);
  });
}
