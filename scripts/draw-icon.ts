// Draws Omnio's app icon and writes every file electron-builder needs (issue 14):
//   assets/icon.png            1024×1024 source
//   assets/icon.icns           macOS (PNG-based icns: 16–1024, incl. @2x)
//   assets/icon.ico            Windows (PNG-compressed entries, 16–256)
//   assets/icons/NxN.png       Linux (electron-builder installs each size into hicolor)
// No dependencies: the shapes are rasterised here (4×4 supersampling) and the
// files encoded with node:zlib. Deterministic: the same code writes the same bytes
// (scripts/icon.test.ts checks the committed files against it).
//
//   npx tsx scripts/draw-icon.ts

import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export const SOURCE_SIZE = 1024;
export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
/** icns entry types holding PNG data, and their pixel sizes. */
const ICNS_TYPES: [string, number][] = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
  ['ic11', 32],
  ['ic12', 64],
  ['ic13', 256],
  ['ic14', 512],
];

export interface Image {
  size: number;
  /** RGBA, premultiplied-free, row-major. */
  data: Uint8Array;
}

type Rgb = [number, number, number];
const TOP: Rgb = [20, 184, 166]; // teal
const BOTTOM: Rgb = [67, 56, 202]; // indigo
const WHITE: Rgb = [255, 255, 255];

/** Inside the rounded square (Apple's grid: an 824-unit body in a 1024 canvas, radius 185). */
function inBody(x: number, y: number): boolean {
  const lo = 100;
  const hi = 924;
  const r = 185;
  if (x < lo || x > hi || y < lo || y > hi) return false;
  const cx = Math.min(Math.max(x, lo + r), hi - r);
  const cy = Math.min(Math.max(y, lo + r), hi - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

function distToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

// A ring ("O") with a heartbeat line across it: health data, kept in one place.
const RING = { cx: 512, cy: 512, r: 250, width: 64 };
const PULSE: [number, number][] = [
  [232, 540],
  [400, 540],
  [450, 420],
  [520, 660],
  [580, 470],
  [620, 540],
  [792, 540],
];
const PULSE_HALF_WIDTH = 30;

function inMark(x: number, y: number): boolean {
  const d = Math.hypot(x - RING.cx, y - RING.cy);
  if (Math.abs(d - RING.r) <= RING.width / 2) return true;
  for (let i = 1; i < PULSE.length; i++) {
    const [ax, ay] = PULSE[i - 1]!;
    const [bx, by] = PULSE[i]!;
    if (distToSegment(x, y, ax, ay, bx, by) <= PULSE_HALF_WIDTH) return true;
  }
  return false;
}

/** The 1024×1024 source, 4×4 samples per pixel. */
export function drawSource(): Image {
  const size = SOURCE_SIZE;
  const data = new Uint8Array(size * size * 4);
  const n = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let body = 0;
      let mark = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const px = x + (sx + 0.5) / n;
          const py = y + (sy + 0.5) / n;
          if (inBody(px, py)) {
            body++;
            if (inMark(px, py)) mark++;
          }
        }
      }
      const i = (y * size + x) * 4;
      if (body === 0) continue;
      const t = (y - 100) / 824;
      const bg = TOP.map((c, k) => c + (BOTTOM[k]! - c) * Math.min(1, Math.max(0, t))) as Rgb;
      const m = mark / body;
      for (let k = 0; k < 3; k++) data[i + k] = Math.round(bg[k]! * (1 - m) + WHITE[k]! * m);
      data[i + 3] = Math.round((255 * body) / (n * n));
    }
  }
  return { size, data };
}

/** Area-average downscale (the sizes divide 1024, or nearly: weights handle the rest). */
export function downscale(src: Image, size: number): Image {
  const data = new Uint8Array(size * size * 4);
  const scale = src.size / size;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const acc = [0, 0, 0, 0];
      let weight = 0;
      const y0 = y * scale;
      const x0 = x * scale;
      for (let sy = Math.floor(y0); sy < Math.ceil(y0 + scale); sy++) {
        const wy = Math.min(sy + 1, y0 + scale) - Math.max(sy, y0);
        for (let sx = Math.floor(x0); sx < Math.ceil(x0 + scale); sx++) {
          const wx = Math.min(sx + 1, x0 + scale) - Math.max(sx, x0);
          const w = wx * wy;
          const j = (sy * src.size + sx) * 4;
          const a = src.data[j + 3]!;
          // Colour weighted by alpha, so transparent corners do not darken the edge.
          for (let k = 0; k < 3; k++) acc[k]! += src.data[j + k]! * a * w;
          acc[3]! += a * w;
          weight += w;
        }
      }
      const i = (y * size + x) * 4;
      const alpha = acc[3]! / weight;
      for (let k = 0; k < 3; k++) data[i + k] = acc[3]! > 0 ? Math.round(acc[k]! / acc[3]!) : 0;
      data[i + 3] = Math.round(alpha);
    }
  }
  return { size, data };
}

function chunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(Buffer.concat([head.subarray(4), body])), 0);
  return Buffer.concat([head, body, crc]);
}

export function encodePng(img: Image): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(img.size, 0);
  ihdr.writeUInt32BE(img.size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const stride = img.size * 4;
  const raw = Buffer.alloc((stride + 1) * img.size);
  for (let y = 0; y < img.size; y++) {
    raw[y * (stride + 1)] = 0; // filter: none
    Buffer.from(img.data.buffer, img.data.byteOffset + y * stride, stride).copy(raw, y * (stride + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export function encodeIcns(pngs: Map<number, Buffer>): Buffer {
  const entries = ICNS_TYPES.map(([type, size]) => {
    const png = pngs.get(size)!;
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const body = Buffer.concat(entries);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}

export function encodeIco(pngs: Map<number, Buffer>): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // icon
  header.writeUInt16LE(ICO_SIZES.length, 4);
  let offset = 6 + 16 * ICO_SIZES.length;
  const dir: Buffer[] = [];
  const data: Buffer[] = [];
  for (const size of ICO_SIZES) {
    const png = pngs.get(size)!;
    const e = Buffer.alloc(16);
    e[0] = size >= 256 ? 0 : size; // 0 means 256
    e[1] = size >= 256 ? 0 : size;
    e.writeUInt16LE(1, 4); // planes
    e.writeUInt16LE(32, 6); // bits per pixel
    e.writeUInt32LE(png.length, 8);
    e.writeUInt32LE(offset, 12);
    offset += png.length;
    dir.push(e);
    data.push(png);
  }
  return Buffer.concat([header, ...dir, ...data]);
}

/** Every icon file, by path relative to the repository. */
export function renderIconFiles(): Map<string, Buffer> {
  const source = drawSource();
  const sizes = new Set([...LINUX_SIZES, ...ICO_SIZES, ...ICNS_TYPES.map(([, s]) => s)]);
  const pngs = new Map<number, Buffer>();
  for (const size of [...sizes].sort((a, b) => b - a)) {
    pngs.set(size, encodePng(size === SOURCE_SIZE ? source : downscale(source, size)));
  }
  const files = new Map<string, Buffer>();
  files.set('assets/icon.png', pngs.get(SOURCE_SIZE)!);
  files.set('assets/icon.icns', encodeIcns(pngs));
  files.set('assets/icon.ico', encodeIco(pngs));
  for (const size of LINUX_SIZES) files.set(`assets/icons/${size}x${size}.png`, pngs.get(size)!);
  return files;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const root = path.resolve(import.meta.dirname, '..');
  for (const [rel, bytes] of renderIconFiles()) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), bytes);
    console.log(`${rel}  ${bytes.length} bytes`);
  }
}
