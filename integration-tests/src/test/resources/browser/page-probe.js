// Run in the Magic Shield page by the browser test (Selenium executeScript). Arguments: the gold thresholds of
// ShieldDetector (minimum red, red over blue, red over green). Returns what a person would see: the share of
// gold pixels in the processed video (#remote) and in the camera preview (#local), read from the decoded video
// frames through a canvas, the page's state, the texts of the live stats panel, banner and poor-connection notice,
// the media route the page found in getStats (the types of the selected ICE candidate pair), and the page's last
// second of link figures (window.magicShield.link).
const [minRed, minRedOverBlue, minRedOverGreen] = arguments;

function gold(video) {
  if (!video || video.readyState < 2 || !video.videoWidth) return null;
  const canvas = document.createElement('canvas');
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  context.drawImage(video, 0, 0);
  const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
  let count = 0;
  for (let i = 0; i < data.length; i += 4) {
    const r = data[i], g = data[i + 1], b = data[i + 2];
    if (r >= minRed && r - b >= minRedOverBlue && r - g >= minRedOverGreen) count++;
  }
  return { gold: count / (canvas.width * canvas.height), width: canvas.width, height: canvas.height };
}

const panel = {};
for (const id of ['rtt', 'processing', 'fps', 'drops', 'hands', 'firstFrame', 'cpu', 'sessions', 'route', 'shown',
  'loop', 'freezes', 'link', 'loss', 'video']) {
  panel[id] = document.getElementById(id).textContent;
}
const status = window.magicShield ?? {};
return {
  state: status.state ?? null,
  firstFrameMs: status.firstFrameMs ?? null,
  rttMs: status.rttMs ?? null,
  remote: gold(document.getElementById('remote')),
  local: gold(document.getElementById('local')),
  panel,
  banner: document.getElementById('banner').hidden ? null : document.getElementById('banner').textContent,
  route: status.route ?? null,
  network: document.getElementById('network').hidden ? null : document.getElementById('network').textContent,
  link: status.link ?? null,
};
