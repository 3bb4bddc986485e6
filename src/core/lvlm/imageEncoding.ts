// Turns an image file into a base64 data URL for a chat request.
// PNG and JPEG are decoded (which also validates them) and downscaled when their longest side
// exceeds the limit; small valid images are sent byte-for-byte so their hash stays meaningful.
// GIF and WebP cannot be decoded without native code: they are sent unmodified with their
// mime type when under a byte limit (the server then decides), otherwise rejected.
import { createHash } from 'node:crypto';
import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { FinerLensError } from '../errors';
import { downscaleRgba, fitWithin, type RgbaImage } from './imageResize';

export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp';

export type ImageErrorReason =
  'unreadable' | 'unsupported' | 'corrupt' | 'too-large' | 'outside-root' | 'not-a-file';

/** A per-sample problem with an image; the batch runner records it and moves on. */
export class ImageEncodingError extends FinerLensError {
  constructor(
    message: string,
    readonly reason: ImageErrorReason,
    readonly imagePath?: string,
  ) {
    super(message);
  }
}

export interface ImageEncodingOptions {
  /** Longest side, in pixels, sent to the model (default 1024). */
  maxSide?: number;
  /** Largest undecodable (GIF/WebP) file sent as-is, in bytes (default 4 MiB). */
  maxPassthroughBytes?: number;
  /** Refuse to decode images above this many megapixels (default 100). */
  maxMegapixels?: number;
  /** Quality of re-encoded JPEGs (default 90). */
  jpegQuality?: number;
}

export interface EncodedImage {
  dataUrl: string;
  mimeType: string;
  format: ImageFormat;
  /** SHA-256 (hex) of the ORIGINAL file bytes, whatever was sent. */
  sha256: string;
  originalBytes: number;
  /** Pixel size of the original and of what was sent; null when the format was not decoded. */
  originalSize: { width: number; height: number } | null;
  sentSize: { width: number; height: number } | null;
  resized: boolean;
}

const MIME: Record<ImageFormat, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
};

export function detectImageFormat(bytes: Uint8Array): ImageFormat | null {
  const b = (i: number): number => bytes[i] ?? -1;
  if (b(0) === 0x89 && b(1) === 0x50 && b(2) === 0x4e && b(3) === 0x47 && b(4) === 0x0d && b(5) === 0x0a)
    return 'png';
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return 'jpeg';
  if (b(0) === 0x47 && b(1) === 0x49 && b(2) === 0x46 && b(3) === 0x38) return 'gif';
  const ascii = (from: number, to: number): string =>
    Buffer.from(bytes.subarray(from, to)).toString('latin1');
  if (bytes.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  return null;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Width and height from a PNG's IHDR chunk, which must come first (right after the 8-byte
 * signature); null when it is not there. Read before decoding because pngjs allocates buffers
 * for the claimed size up front: a 560 KB file claiming 24000x24000 took 3.4 GB.
 */
export function pngHeaderSize(bytes: Uint8Array): { width: number; height: number } | null {
  if (bytes.length < 24) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const isIhdr =
    view.getUint32(8) === 13 && Buffer.from(bytes.subarray(12, 16)).toString('latin1') === 'IHDR';
  if (!isIhdr) return null;
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  return width > 0 && height > 0 ? { width, height } : null;
}

/** Refuses a PNG whose header claims more than `maxMegapixels` (jpeg-js does the same for JPEG). */
function checkPngHeader(bytes: Uint8Array, maxMegapixels: number, label: string): void {
  const size = pngHeaderSize(bytes);
  if (size === null)
    throw new ImageEncodingError(
      `Image ${label} is not a valid PNG file (no IHDR header).`,
      'corrupt',
      label,
    );
  const megapixels = (size.width * size.height) / 1e6;
  if (megapixels > maxMegapixels) {
    throw new ImageEncodingError(
      `Image ${label} is ${size.width}x${size.height} pixels (${Math.round(megapixels)} megapixels), over the ${maxMegapixels}-megapixel limit; not decoded.`,
      'too-large',
      label,
    );
  }
}

function decode(bytes: Buffer, format: 'png' | 'jpeg', maxMegapixels: number, label: string): RgbaImage {
  if (format === 'png') checkPngHeader(bytes, maxMegapixels, label);
  try {
    if (format === 'png') {
      const png = PNG.sync.read(bytes);
      return { width: png.width, height: png.height, data: png.data };
    }
    const img = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      tolerantDecoding: false,
      maxResolutionInMP: maxMegapixels,
      maxMemoryUsageInMB: Math.ceil(maxMegapixels * 4 * 2 + 64),
    });
    if (img.width <= 0 || img.height <= 0) throw new Error('empty image');
    return img;
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    const tooBig = /maxResolutionInMP|maxMemoryUsage/i.test(why);
    throw new ImageEncodingError(
      tooBig
        ? `Image ${label} is larger than ${maxMegapixels} megapixels.`
        : `Image ${label} is not a valid ${format.toUpperCase()} file (${why}).`,
      tooBig ? 'too-large' : 'corrupt',
      label,
    );
  }
}

function hasTransparency(img: RgbaImage): boolean {
  for (let i = 3; i < img.data.length; i += 4) if ((img.data[i] ?? 255) !== 255) return true;
  return false;
}

function reencode(img: RgbaImage, quality: number): { bytes: Buffer; format: 'png' | 'jpeg' } {
  // Photos travel far smaller as JPEG; keep PNG only when transparency must survive.
  if (hasTransparency(img)) {
    const png = new PNG({ width: img.width, height: img.height });
    png.data = Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength);
    return { bytes: PNG.sync.write(png), format: 'png' };
  }
  const out = jpeg.encode({ width: img.width, height: img.height, data: img.data }, quality);
  return { bytes: out.data, format: 'jpeg' };
}

function toDataUrl(bytes: Uint8Array, mimeType: string): string {
  return `data:${mimeType};base64,${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')}`;
}

/** Encodes image bytes for a request; `label` (usually the path) appears in error messages. */
export function encodeImageBytes(
  input: Uint8Array,
  label: string,
  options: ImageEncodingOptions = {},
): EncodedImage {
  const maxSide = options.maxSide ?? 1024;
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const sha256 = sha256Hex(bytes);
  const format = detectImageFormat(bytes);
  if (format === null) {
    throw new ImageEncodingError(
      `Image ${label} is not a PNG, JPEG, GIF or WebP file.`,
      'unsupported',
      label,
    );
  }
  if (format === 'gif' || format === 'webp') {
    const limit = options.maxPassthroughBytes ?? 4 * 1024 * 1024;
    if (bytes.length > limit) {
      throw new ImageEncodingError(
        `Image ${label} is a ${format.toUpperCase()} of ${bytes.length} bytes; it cannot be downscaled and exceeds the ${limit}-byte limit for sending as-is.`,
        'too-large',
        label,
      );
    }
    return {
      dataUrl: toDataUrl(bytes, MIME[format]),
      mimeType: MIME[format],
      format,
      sha256,
      originalBytes: bytes.length,
      originalSize: null,
      sentSize: null,
      resized: false,
    };
  }
  const img = decode(bytes, format, options.maxMegapixels ?? 100, label);
  const originalSize = { width: img.width, height: img.height };
  const target = fitWithin(img.width, img.height, maxSide);
  if (target.width === img.width && target.height === img.height) {
    return {
      dataUrl: toDataUrl(bytes, MIME[format]),
      mimeType: MIME[format],
      format,
      sha256,
      originalBytes: bytes.length,
      originalSize,
      sentSize: originalSize,
      resized: false,
    };
  }
  const small = downscaleRgba(img, target.width, target.height);
  const out = reencode(small, options.jpegQuality ?? 90);
  return {
    dataUrl: toDataUrl(out.bytes, MIME[out.format]),
    mimeType: MIME[out.format],
    format: out.format,
    sha256,
    originalBytes: bytes.length,
    originalSize,
    sentSize: target,
    resized: true,
  };
}

/** Decodes a data URL back to bytes (used by tests and the simulator). */
export function dataUrlToBytes(dataUrl: string): { mimeType: string; bytes: Buffer } | null {
  const m = /^data:([^;,]+);base64,(.*)$/s.exec(dataUrl);
  if (!m || m[1] === undefined || m[2] === undefined) return null;
  return { mimeType: m[1], bytes: Buffer.from(m[2], 'base64') };
}
