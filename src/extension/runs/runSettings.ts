// Run settings the editor applies to every run: concurrency, RPM limit, image size, and the
// workspace's prompt template overrides (.finer-lens/templates.json).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DEFAULT_PROTOCOL, isPromptProtocol, type PromptProtocol } from '../../core/prompts/promptProtocols';
import {
  loadTemplateOverrides,
  TEMPLATE_OVERRIDES_PATH,
  type TemplateOverrides,
} from '../../core/prompts/templateOverrides';

export interface RunSettings {
  concurrency: number;
  requestsPerMinute: number | undefined;
  imageMaxSide: number;
  /** Image files above this size are refused per sample. */
  maxImageBytes: number;
  /** Prompt protocol of new runs (finerLens.prompts.protocol). */
  protocol: PromptProtocol;
}

export function readRunSettings(): RunSettings {
  const config = vscode.workspace.getConfiguration('finerLens');
  const rpm = config.get<number | null>('runs.requestsPerMinute', null);
  const protocol = config.get<string>('prompts.protocol', DEFAULT_PROTOCOL);
  return {
    protocol: isPromptProtocol(protocol) ? protocol : DEFAULT_PROTOCOL,
    concurrency: Math.max(1, config.get<number>('runs.concurrency', 8)),
    requestsPerMinute: typeof rpm === 'number' && rpm > 0 ? rpm : undefined,
    imageMaxSide: config.get<number>('images.maxSide', 1024),
    maxImageBytes: Math.round(config.get<number>('images.maxFileMb', 50) * 1024 * 1024),
  };
}

/** Template overrides of the first workspace folder, or null when it has none. Throws InputError. */
export async function loadWorkspaceTemplates(): Promise<TemplateOverrides | null> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) return null;
  return loadTemplateOverrides(path.join(folder.uri.fsPath, ...TEMPLATE_OVERRIDES_PATH.split('/')));
}
