// Area-average (box filter) downscaling of RGBA pixels, in pure JS so no native module is needed.
// Separable: each output pixel averages the source pixels it covers, weighted by coverage.

export interface RgbaImage {
  width: number;
  height: number;
  /** width * height * 4 bytes, row-major RGBA. */
  data: Uint8Array;
}

interface Tap {
  index: number;
  weight: number;
}

/** For each output position, the source positions it covers and their normalised weights. */
function coverageTaps(srcSize: number, dstSize: number): Tap[][] {
  const scale = srcSize / dstSize;
  const taps: Tap[][] = [];
  for (let o = 0; o < dstSize; o++) {
    const start = o * scale;
    const end = Math.min(srcSize, start + scale);
    const row: Tap[] = [];
    for (let s = Math.floor(start); s < end; s++) {
      const weight = (Math.min(s + 1, end) - Math.max(s, start)) / scale;
      if (weight > 0) row.push({ index: s, weight });
    }
    taps.push(row);
  }
  return taps;
}

/** Output size that fits `maxSide` keeping the aspect ratio (never upscales). */
export function fitWithin(width: number, height: number, maxSide: number): { width: number; height: number } {
  const longest = Math.max(width, height);
  if (longest <= maxSide) return { width, height };
  const scale = maxSide / longest;
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

export function downscaleRgba(src: RgbaImage, width: number, height: number): RgbaImage {
  const xTaps = coverageTaps(src.width, width);
  const yTaps = coverageTaps(src.height, height);
  // Horizontal pass: src.height rows x width columns.
  const mid = new Float32Array(src.height * width * 4);
  for (let y = 0; y < src.height; y++) {
    const srcRow = y * src.width * 4;
    const midRow = y * width * 4;
    for (let x = 0; x < width; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (const t of xTaps[x] ?? []) {
        const i = srcRow + t.index * 4;
        r += (src.data[i] ?? 0) * t.weight;
        g += (src.data[i + 1] ?? 0) * t.weight;
        b += (src.data[i + 2] ?? 0) * t.weight;
        a += (src.data[i + 3] ?? 0) * t.weight;
      }
      const o = midRow + x * 4;
      mid[o] = r;
      mid[o + 1] = g;
      mid[o + 2] = b;
      mid[o + 3] = a;
    }
  }
  // Vertical pass.
  const out = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const taps = yTaps[y] ?? [];
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 4; c++) {
        let v = 0;
        for (const t of taps) v += (mid[(t.index * width + x) * 4 + c] ?? 0) * t.weight;
        out[(y * width + x) * 4 + c] = Math.min(255, Math.max(0, Math.round(v)));
      }
    }
  }
  return { width, height, data: out };
}
