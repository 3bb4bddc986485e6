// Worker-thread entry of the attribute grounding (bundled as dist/groundingWorker.js). Receives
// the attribute-list rows in chunks ({rows}), then the rest of the GroundingData ({compute}),
// answers with the section or the error, and is then terminated by its owner
// (groundingInWorker.ts). Keeps the matcher's seconds off the extension host thread.
import { parentPort } from 'node:worker_threads';
import type { AttributeListRow } from '../../store/runAnalysisQueries';
import { computeGrounding, type GroundingData } from './grounding';

const rows: AttributeListRow[] = [];
parentPort?.on(
  'message',
  (message: { rows: AttributeListRow[] } | { compute: Omit<GroundingData, 'rows'> }) => {
    if ('rows' in message) {
      for (const row of message.rows) rows.push(row);
      return;
    }
    try {
      parentPort?.postMessage({ ok: true, section: computeGrounding({ ...message.compute, rows }) });
    } catch (error) {
      parentPort?.postMessage({ ok: false, error: error instanceof Error ? error.message : String(error) });
    }
  },
);
