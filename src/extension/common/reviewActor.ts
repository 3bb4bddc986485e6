// Who attribute edits and reviews are recorded as: the `finerLens.review.author` setting, else
// `git config user.name` in the workspace folder, else the OS user name.
import { execFile } from 'node:child_process';
import * as os from 'node:os';
import * as vscode from 'vscode';

function gitUserName(cwd: string | undefined): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', ['config', 'user.name'], { cwd, timeout: 3000 }, (error, stdout) => {
      const name = error ? '' : stdout.trim();
      resolve(name === '' ? undefined : name);
    });
  });
}

function osUserName(): string {
  try {
    return os.userInfo().username || 'unknown';
  } catch {
    // userInfo throws when the uid has no passwd entry (some containers).
    return process.env.USER ?? 'unknown';
  }
}

export class ReviewActor {
  private gitName: Promise<string | undefined> | undefined;

  /** The configured author, else git's user.name (read once per window), else the OS user. */
  async name(): Promise<string> {
    const configured = vscode.workspace.getConfiguration('finerLens').get<string>('review.author', '').trim();
    if (configured !== '') return configured;
    this.gitName ??= gitUserName(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath);
    return (await this.gitName) ?? osUserName();
  }
}
