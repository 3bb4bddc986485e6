// The `simulate-server` flags for the simulator's fault injection: one table from flag to
// FaultConfig setting, so the flags, their usage text and POST /admin/faults stay the same.
import type { FaultConfig } from '../core/simulator/faultInjection';
import { numberOption } from './runCliSupport';

type NumericFault = Exclude<keyof FaultConfig, 'retryAfterAsDate'>;

interface FaultFlag {
  flag: string;
  setting: NumericFault;
  check: { integer?: boolean; min: number; max?: number };
  help: string;
}

const RATE = { min: 0, max: 1 };
const COUNT = { integer: true, min: 0 };

export const FAULT_FLAGS: readonly FaultFlag[] = [
  { flag: 'fault-latency-ms', setting: 'latencyMs', check: COUNT, help: 'added before every answer' },
  {
    flag: 'fault-latency-jitter-ms',
    setting: 'latencyJitterMs',
    check: COUNT,
    help: 'extra latency in [0, N)',
  },
  { flag: 'fault-hang-rate', setting: 'hangRate', check: RATE, help: 'never answered' },
  { flag: 'fault-500-rate', setting: 'serverErrorRate', check: RATE, help: 'answered 500' },
  { flag: 'fault-401-rate', setting: 'unauthorizedRate', check: RATE, help: 'answered 401 invalid_api_key' },
  { flag: 'fault-429-rate', setting: 'rateLimitRate', check: RATE, help: 'answered 429 with Retry-After' },
  {
    flag: 'fault-retry-after-s',
    setting: 'retryAfterSeconds',
    check: COUNT,
    help: 'Retry-After sent with 429s (default 1)',
  },
  {
    flag: 'fault-malformed-rate',
    setting: 'malformedJsonRate',
    check: RATE,
    help: '200 with a body that is not JSON',
  },
  { flag: 'fault-truncate-rate', setting: 'truncateRate', check: RATE, help: 'cut off mid-response' },
  {
    flag: 'fault-length-rate',
    setting: 'lengthRate',
    check: RATE,
    help: 'answer cut after a few words, finish_reason "length"',
  },
  {
    flag: 'fault-refusal-rate',
    setting: 'refusalRate',
    check: RATE,
    help: 'refusal (content null, refusal text)',
  },
  { flag: 'hang-first', setting: 'hangFirst', check: COUNT, help: 'the first N requests never answered' },
  {
    flag: 'fail-first',
    setting: 'failFirst',
    check: COUNT,
    help: 'then N requests fail with --fail-first-status',
  },
  {
    flag: 'fail-first-status',
    setting: 'failFirstStatus',
    check: { integer: true, min: 400, max: 599 },
    help: 'status of --fail-first (default 500)',
  },
];

/** parseArgs option declarations for every fault flag. */
export function faultFlagOptions(): Record<string, { type: 'string' | 'boolean' }> {
  const options: Record<string, { type: 'string' | 'boolean' }> = {
    'fault-retry-after-date': { type: 'boolean' },
  };
  for (const f of FAULT_FLAGS) options[f.flag] = { type: 'string' };
  return options;
}

export const faultFlagsUsage = [
  ...FAULT_FLAGS.map((f) => `[--${f.flag} ${f.check.max === 1 ? 'x' : 'N'}] ${f.help}`),
  '[--fault-retry-after-date] send Retry-After as an HTTP date',
]
  .map((line) => `    ${line}`)
  .join('\n');

/** The fault settings the flags ask for; `--latency-ms` is the older name of --fault-latency-ms. */
export function faultConfigFromFlags(values: Record<string, unknown>): FaultConfig {
  const config: FaultConfig = {};
  const legacyLatency = numberOption(values, 'latency-ms', COUNT);
  if (legacyLatency !== undefined) config.latencyMs = legacyLatency;
  for (const f of FAULT_FLAGS) {
    const value = numberOption(values, f.flag, f.check);
    if (value !== undefined) config[f.setting] = value;
  }
  if (values['fault-retry-after-date'] === true) config.retryAfterAsDate = true;
  return config;
}

/** "hangRate=0.1, failFirst=3" for the start-up line; "none" without faults. */
export function describeFaults(config: FaultConfig): string {
  const parts = Object.entries(config).map(([k, v]) => `${k}=${String(v)}`);
  return parts.length === 0 ? 'none' : parts.join(', ');
}
