import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import {
  dataUrlToBytes,
  detectImageFormat,
  encodeImageBytes,
  ImageEncodingError,
} from '../../../src/core/lvlm/imageEncoding';
import { downscaleRgba } from '../../../src/core/lvlm/imageResize';
import { DatasetImageReader, encodeDatasetImage } from '../../../src/core/images/datasetImageFile';

function gradientRgba(width: number, height: number, alpha = 255): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      data[i] = Math.floor((x / width) * 255);
      data[i + 1] = Math.floor((y / height) * 255);
      data[i + 2] = 128;
      data[i + 3] = alpha;
    }
  }
  return data;
}

function pngBytes(width: number, height: number, alpha = 255): Buffer {
  const png = new PNG({ width, height });
  png.data = Buffer.from(gradientRgba(width, height, alpha));
  return PNG.sync.write(png);
}

function jpegBytes(width: number, height: number): Buffer {
  return jpeg.encode({ width, height, data: gradientRgba(width, height) }, 85).data;
}

/** Decodes what would go over the wire. */
function decodeSent(dataUrl: string): { mimeType: string; width: number; height: number; bytes: Buffer } {
  const sent = dataUrlToBytes(dataUrl);
  assert.ok(sent);
  const img =
    sent.mimeType === 'image/png' ? PNG.sync.read(sent.bytes) : jpeg.decode(sent.bytes, { useTArray: true });
  return { mimeType: sent.mimeType, width: img.width, height: img.height, bytes: sent.bytes };
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/**
 * A well-formed PNG whose IHDR claims `width` x `height` RGB pixels, with a small IDAT (the
 * first rows, all zero): what a decompression bomb looks like before anything is inflated.
 */
function claimedSizePng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, deflate, adaptive filtering, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(Buffer.alloc(Math.min(height, 16) * (width * 3 + 1)))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

function reasonOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ImageEncodingError, String(e));
    return e.reason;
  }
  assert.fail('expected an ImageEncodingError');
}

describe('image encoding for requests', function () {
  // Real HTTP on a shared machine: no wall-clock limit (the client's own timeouts bound every call).
  this.timeout(0);
  it('detects formats by magic bytes, not by name', () => {
    assert.equal(detectImageFormat(pngBytes(2, 2)), 'png');
    assert.equal(detectImageFormat(jpegBytes(8, 8)), 'jpeg');
    assert.equal(detectImageFormat(Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1')), 'gif');
    assert.equal(detectImageFormat(Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1')), 'webp');
    assert.equal(detectImageFormat(Buffer.from('hello world')), null);
    assert.equal(detectImageFormat(new Uint8Array(0)), null);
  });

  it('sends a small PNG byte-for-byte and hashes the original bytes', () => {
    const bytes = pngBytes(160, 120);
    const encoded = encodeImageBytes(bytes, 'small.png');
    assert.equal(encoded.resized, false);
    assert.equal(encoded.sha256, sha(bytes));
    assert.deepEqual(dataUrlToBytes(encoded.dataUrl)?.bytes, bytes);
    assert.deepEqual(encoded.sentSize, { width: 160, height: 120 });
  });

  it('downscales a large PNG to fit the longest side and keeps the original hash', () => {
    const bytes = pngBytes(2000, 1000);
    const encoded = encodeImageBytes(bytes, 'wide.png');
    assert.equal(encoded.resized, true);
    assert.equal(encoded.sha256, sha(bytes));
    const sent = decodeSent(encoded.dataUrl);
    assert.deepEqual([sent.width, sent.height], [1024, 512]);
    assert.equal(sent.mimeType, 'image/jpeg', 'opaque photos travel as JPEG');
  });

  it('keeps transparency: a large PNG with alpha stays PNG', () => {
    const encoded = encodeImageBytes(pngBytes(1200, 300, 100), 'alpha.png', { maxSide: 600 });
    const sent = decodeSent(encoded.dataUrl);
    assert.equal(sent.mimeType, 'image/png');
    assert.deepEqual([sent.width, sent.height], [600, 150]);
  });

  it('downscales a large JPEG (portrait) with a custom limit', () => {
    const bytes = jpegBytes(600, 1200);
    const encoded = encodeImageBytes(bytes, 'tall.jpg', { maxSide: 500 });
    const sent = decodeSent(encoded.dataUrl);
    assert.deepEqual([sent.width, sent.height], [250, 500]);
    assert.deepEqual(encoded.originalSize, { width: 600, height: 1200 });
    assert.equal(encoded.sha256, sha(bytes));
  });

  it('area-averages: a 2x2 checkerboard becomes one mid-grey pixel', () => {
    const data = new Uint8Array([0, 0, 0, 255, 255, 255, 255, 255, 255, 255, 255, 255, 0, 0, 0, 255]);
    const out = downscaleRgba({ width: 2, height: 2, data }, 1, 1);
    assert.deepEqual([...out.data], [128, 128, 128, 255]);
  });

  it('rejects corrupt and unsupported images with a typed error', () => {
    const png = pngBytes(64, 64);
    assert.equal(
      reasonOf(() => encodeImageBytes(png.subarray(0, png.length - 40), 't.png')),
      'corrupt',
    );
    const jpg = jpegBytes(64, 64);
    assert.equal(
      reasonOf(() => encodeImageBytes(jpg.subarray(0, 200), 't.jpg')),
      'corrupt',
    );
    assert.equal(
      reasonOf(() => encodeImageBytes(Buffer.from('%PDF-1.4 not an image'), 'x.pdf')),
      'unsupported',
    );
  });

  it('passes GIF/WebP through unmodified under the byte limit, rejects them above it', () => {
    const gif = Buffer.concat([Buffer.from('GIF89a', 'latin1'), Buffer.alloc(100)]);
    const encoded = encodeImageBytes(gif, 'a.gif');
    assert.equal(encoded.mimeType, 'image/gif');
    assert.deepEqual(dataUrlToBytes(encoded.dataUrl)?.bytes, gif);
    assert.equal(encoded.sentSize, null);
    assert.equal(
      reasonOf(() => encodeImageBytes(gif, 'a.gif', { maxPassthroughBytes: 50 })),
      'too-large',
    );
  });

  it('reports an unreadable file as a typed error naming the path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'finer-img-'));
    try {
      const path = join(dir, 'ok.png');
      writeFileSync(path, pngBytes(4, 4));
      assert.equal((await encodeDatasetImage(new DatasetImageReader(dir), 'ok.png')).format, 'png');
      await assert.rejects(
        encodeDatasetImage(new DatasetImageReader(dir), 'missing.png'),
        (e: unknown) =>
          e instanceof ImageEncodingError && e.reason === 'unreadable' && e.message.includes('missing.png'),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a PNG whose header claims more pixels than the limit, from the header alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'finer-img-'));
    try {
      const path = join(dir, 'bomb.png');
      writeFileSync(path, claimedSizePng(24000, 24000));
      await assert.rejects(encodeDatasetImage(new DatasetImageReader(dir), 'bomb.png'), (e: unknown) => {
        assert.ok(e instanceof ImageEncodingError, String(e));
        assert.equal(e.reason, 'too-large');
        assert.equal(e.imagePath, path);
        assert.equal(
          e.message,
          `Image ${path} is 24000x24000 pixels (576 megapixels), over the 100-megapixel limit; not decoded.`,
        );
        return true;
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('applies the pixel limit to real PNGs at its exact bound, like JPEG', () => {
    const png = pngBytes(200, 200); // 0.04 megapixels
    assert.equal(encodeImageBytes(png, 'ok.png', { maxMegapixels: 0.04 }).format, 'png');
    assert.equal(
      reasonOf(() => encodeImageBytes(png, 'big.png', { maxMegapixels: 0.039 })),
      'too-large',
    );
    assert.equal(
      reasonOf(() => encodeImageBytes(jpegBytes(200, 200), 'big.jpg', { maxMegapixels: 0.039 })),
      'too-large',
    );
  });

  it('reports a PNG without a readable IHDR header as corrupt', () => {
    const png = pngBytes(8, 8);
    const noHeader = Buffer.concat([png.subarray(0, 8), Buffer.from('nonsense chunk bytes')]);
    assert.equal(
      reasonOf(() => encodeImageBytes(noHeader, 'broken.png')),
      'corrupt',
    );
  });
});
