// A stand-in for the OpenAI Batch API / vLLM run-batch: reads a batch input JSONL, sends every
// line's body to a chat-completions server over HTTP and writes the batch output JSONL.
import { readFileSync, writeFileSync } from 'node:fs';

interface BatchInputLine {
  custom_id: string;
  method: string;
  url: string;
  body: Record<string, unknown>;
}

export async function executeBatchFile(
  inputFile: string,
  outputFile: string,
  serverUrl: string,
  apiKey?: string,
): Promise<number> {
  const lines = readFileSync(inputFile, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as BatchInputLine);
  const out: string[] = [];
  let n = 0;
  for (const line of lines) {
    const response = await fetch(`${serverUrl.replace(/\/v1$/, '')}${line.url}`, {
      method: line.method,
      headers: {
        'content-type': 'application/json',
        ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
      },
      body: JSON.stringify(line.body),
    });
    const body = (await response.json()) as unknown;
    out.push(
      JSON.stringify({
        id: `batch_req_${++n}`,
        custom_id: line.custom_id,
        response: { status_code: response.status, request_id: `req_${n}`, body },
        error: null,
      }),
    );
  }
  writeFileSync(outputFile, `${out.join('\n')}\n`);
  return lines.length;
}
