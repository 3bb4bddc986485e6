import type * as vscode from 'vscode';

/** Base for classes that own listeners: everything registered with `register` dies with them. */
export abstract class Disposable implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;

  protected get isDisposed(): boolean {
    return this.disposed;
  }

  protected register<T extends vscode.Disposable>(disposable: T): T {
    if (this.disposed) {
      disposable.dispose();
    } else {
      this.disposables.push(disposable);
    }
    return disposable;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    // Dispose in reverse order of registration, like a stack of resources.
    while (this.disposables.length > 0) {
      this.disposables.pop()?.dispose();
    }
  }
}
