// Run in the room page by RoomIT (Selenium executeScript). Arguments: the gold thresholds of ShieldDetector. Returns
// what a person sees there: per tile (by stream id) the share of gold pixels and the mean colour of its decoded
// video, with the page's own figures for it (frames decoded, frame rate), the same for the participant's own
// processed video and camera preview, the page's state, the last room message and the banner.
const [minRed, minRedOverBlue, minRedOverGreen] = arguments;

function look(video) {
  if (!video || video.readyState < 2 || !video.videoWidth) return null;
  const canvas = document.createElement('canvas');
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  context.drawImage(video, 0, 0);
  const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
  let gold = 0;
  const sum = [0, 0, 0];
  for (let i = 0; i < data.length; i += 4) {
    const r = data[i], g = data[i + 1], b = data[i + 2];
    sum[0] += r; sum[1] += g; sum[2] += b;
    if (r >= minRed && r - b >= minRedOverBlue && r - g >= minRedOverGreen) gold++;
  }
  const pixels = canvas.width * canvas.height;
  return { gold: gold / pixels, mean: sum.map((s) => s / pixels), width: canvas.width, height: canvas.height };
}

const status = window.magicShield ?? {};
const tiles = {};
document.querySelectorAll('figure.tile[data-stream]').forEach((figure) => {
  const figures = status.tiles?.[figure.dataset.stream] ?? {};
  tiles[figure.dataset.stream] = { look: look(figure.querySelector('video')), framesDecoded: figures.framesDecoded ?? 0,
    fps: figures.fps ?? 0 };
});
const banner = document.getElementById('banner');
return {
  state: status.state ?? null,
  room: status.room ?? null,
  tiles,
  self: look(document.getElementById('selfVideo')),
  preview: look(document.getElementById('preview')),
  banner: banner.hidden ? null : banner.textContent,
};
