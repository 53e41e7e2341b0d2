// Draws media/icon.png (128×128): a log-log plot with two scaling laws crossing, under a lens.
// A tiny rasteriser (4× supersampling) and PNG encoder (zlib), so no image tool is needed.
//   node scripts/make-icon.mjs
import { deflateSync } from 'node:zlib';
import { writeFileSync, mkdirSync } from 'node:fs';

const S = 128, SS = 4, N = S * SS;
const px = new Float32Array(N * N * 4); // premultiplied RGBA at 4× resolution

const hex = (h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16) / 255);
function blend(x, y, [r, g, b], a) {
  if (x < 0 || y < 0 || x >= N || y >= N || a <= 0) return;
  const i = (y * N + x) * 4;
  px[i] = r * a + px[i] * (1 - a); px[i + 1] = g * a + px[i + 1] * (1 - a);
  px[i + 2] = b * a + px[i + 2] * (1 - a); px[i + 3] = a + px[i + 3] * (1 - a);
}
function fill(test, color, alpha = 1) {
  for (let y = 0; y < N; y++) for (let x = 0; x < N; x++) if (test(x / SS, y / SS)) blend(x, y, color, alpha);
}
const segDist = (px_, py, ax, ay, bx, by) => {
  const dx = bx - ax, dy = by - ay, t = Math.max(0, Math.min(1, ((px_ - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px_ - ax - t * dx, py - ay - t * dy);
};
const line = (ax, ay, bx, by, w, color, alpha = 1) => fill((x, y) => segDist(x, y, ax, ay, bx, by) <= w / 2, color, alpha);
const roundRect = (x0, y0, x1, y1, r) => (x, y) => {
  const cx = Math.max(x0 + r, Math.min(x1 - r, x)), cy = Math.max(y0 + r, Math.min(y1 - r, y));
  return Math.hypot(x - cx, y - cy) <= r;
};

fill(roundRect(4, 4, 124, 124, 22), hex('#1b2838'));
for (const g of [36, 64, 92]) { line(g, 20, g, 108, 1.2, hex('#3a4a5e')); line(20, g, 108, g, 1.2, hex('#3a4a5e')); }
line(20, 108, 108, 108, 3, hex('#8aa0b8')); line(20, 20, 20, 108, 3, hex('#8aa0b8'));        // axes
line(24, 96, 104, 56, 5, hex('#4fc3f7'));                                                     // P* ∝ √(N·d): shallow
line(24, 104, 92, 24, 5, hex('#ffb74d'));                                                     // P* ∝ d³: steep
fill((x, y) => Math.abs(Math.hypot(x - 70, y - 70) - 22) <= 4.5, hex('#e8eef5'));            // lens ring
fill((x, y) => Math.hypot(x - 70, y - 70) < 17.5, hex('#ffffff'), 0.12);                      // glass
line(86, 86, 108, 108, 9, hex('#e8eef5'));                                                    // handle

// downsample and encode
const raw = Buffer.alloc(S * (S * 4 + 1));
for (let y = 0; y < S; y++) {
  raw[y * (S * 4 + 1)] = 0;
  for (let x = 0; x < S; x++) {
    const acc = [0, 0, 0, 0];
    for (let dy = 0; dy < SS; dy++) for (let dx = 0; dx < SS; dx++) {
      const i = ((y * SS + dy) * N + (x * SS + dx)) * 4;
      for (let k = 0; k < 4; k++) acc[k] += px[i + k];
    }
    const a = acc[3] / (SS * SS);
    const o = y * (S * 4 + 1) + 1 + x * 4;
    for (let k = 0; k < 3; k++) raw[o + k] = a > 0 ? Math.round(255 * Math.min(1, acc[k] / acc[3])) : 0;
    raw[o + 3] = Math.round(255 * a);
  }
}
const crcTable = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
const crc32 = (buf) => { let c = 0xffffffff; for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
const chunk = (type, data) => {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
};
const ihdr = Buffer.alloc(13); ihdr.writeUInt32BE(S, 0); ihdr.writeUInt32BE(S, 4); ihdr[8] = 8; ihdr[9] = 6;
const png = Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
mkdirSync('media', { recursive: true });
writeFileSync('media/icon.png', png);
console.log(`media/icon.png: ${S}×${S}, ${png.length} bytes`);
