// Loads sql.js with its WebAssembly binary read from disk: the extension host and the CLI
// have no network, and sql.js must never try to fetch the binary.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import initSqlJs from 'sql.js';
import type { SqlJsStatic } from 'sql.js';
import { StoreError } from '../errors';

const WASM_FILE = 'sql-wasm.wasm';
/** Bundles live in dist/ and dist/test/unit/<area>/: look this many folders up for the binary. */
const PARENT_LEVELS = 3;

const loaded = new Map<string, Promise<SqlJsStatic>>();

/** Where sql-wasm.wasm is: the explicit path, next to the running bundle, or in node_modules. */
export function locateSqlWasm(explicitPath?: string): string {
  if (explicitPath !== undefined) {
    if (!existsSync(explicitPath)) {
      throw new StoreError(`The SQLite engine file ${explicitPath} does not exist.`, 'io');
    }
    return explicitPath;
  }
  let dir = __dirname;
  for (let level = 0; level <= PARENT_LEVELS; level++) {
    const candidate = join(dir, WASM_FILE);
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  try {
    return require.resolve('sql.js/dist/sql-wasm.wasm');
  } catch (cause) {
    throw new StoreError(`Cannot find ${WASM_FILE} near ${__dirname} or in node_modules/sql.js.`, 'io', {
      cause,
    });
  }
}

/** Initialises sql.js once per wasm file (the module is large; share it between stores). */
export function loadSqlJs(explicitPath?: string): Promise<SqlJsStatic> {
  const wasmPath = locateSqlWasm(explicitPath);
  let pending = loaded.get(wasmPath);
  if (pending === undefined) {
    const wasmBinary = readFileSync(wasmPath);
    pending = initSqlJs({ wasmBinary: toArrayBuffer(wasmBinary) });
    pending.catch(() => loaded.delete(wasmPath));
    loaded.set(wasmPath, pending);
  }
  return pending;
}

function toArrayBuffer(bytes: Buffer): ArrayBuffer {
  const copy = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(copy).set(bytes);
  return copy;
}
