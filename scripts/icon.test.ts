import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { LINUX_SIZES, SOURCE_SIZE } from './draw-icon';

// The committed icon files (written by scripts/draw-icon.ts) are what
// electron-builder expects: a 1024×1024 RGBA source, an icns with PNG entries
// up to 1024 (ic10), an ico up to 256, and one PNG per Linux size. Issue 14.

const assets = path.resolve(import.meta.dirname, '../assets');

function pngInfo(png: Buffer) {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(png.toString('latin1', 12, 16)).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20), depth: png[24], colour: png[25] };
}

describe('app icon files', () => {
  it('has a 1024×1024 RGBA source: transparent corners, an opaque body, a white mark at the centre line', () => {
    const png = fs.readFileSync(path.join(assets, 'icon.png'));
    expect(pngInfo(png)).toEqual({ width: SOURCE_SIZE, height: SOURCE_SIZE, depth: 8, colour: 6 });
    const idat = png.subarray(33 + 8, png.length - 12 - 4);
    const raw = zlib.inflateSync(idat);
    const stride = SOURCE_SIZE * 4 + 1;
    expect(raw.length).toBe(stride * SOURCE_SIZE);
    const px = (x: number, y: number) => [...raw.subarray(y * stride + 1 + x * 4, y * stride + 1 + x * 4 + 4)];
    expect(px(5, 5)[3]).toBe(0);
    expect(px(512, 150)[3]).toBe(255);
    expect(px(300, 540)).toEqual([255, 255, 255, 255]);
  });

  it('has one PNG per Linux size, named for its size', () => {
    for (const size of LINUX_SIZES) {
      const info = pngInfo(fs.readFileSync(path.join(assets, 'icons', `${size}x${size}.png`)));
      expect(info, `${size}`).toMatchObject({ width: size, height: size });
    }
  });

  it('has a macOS icns whose entries are PNGs, up to 1024 (ic10)', () => {
    const icns = fs.readFileSync(path.join(assets, 'icon.icns'));
    expect(icns.toString('latin1', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const entries = new Map<string, number>();
    for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4)) {
      entries.set(icns.toString('latin1', at, at + 4), pngInfo(icns.subarray(at + 8)).width);
    }
    expect(entries.get('ic10')).toBe(1024);
    expect(entries.get('ic09')).toBe(512);
    expect(entries.get('ic07')).toBe(128);
    expect(entries.get('icp4')).toBe(16);
  });

  it('has a Windows ico with PNG entries from 16 to 256', () => {
    const ico = fs.readFileSync(path.join(assets, 'icon.ico'));
    expect(ico.readUInt16LE(2)).toBe(1);
    const count = ico.readUInt16LE(4);
    const sizes: number[] = [];
    for (let i = 0; i < count; i++) {
      const e = 6 + 16 * i;
      const size = ico[e] === 0 ? 256 : ico[e]!;
      const png = ico.subarray(ico.readUInt32LE(e + 12), ico.readUInt32LE(e + 12) + ico.readUInt32LE(e + 8));
      expect(pngInfo(png).width).toBe(size);
      sizes.push(size);
    }
    expect(sizes).toEqual([16, 24, 32, 48, 64, 128, 256]);
  });
});
