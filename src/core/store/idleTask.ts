// Runs a piece of background work once things have been quiet for a while (the idle
// checkpoint). The timer never keeps a CLI process alive.
export class IdleTask {
  private timer: NodeJS.Timeout | undefined;

  /** `work` returns 'retry' to be scheduled again (e.g. the database was busy). */
  constructor(
    private readonly work: () => 'done' | 'retry',
    private readonly quietMs: number,
  ) {}

  /** (Re)starts the countdown: call after every change. */
  schedule(delayMs = this.quietMs): void {
    this.cancel();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.work() === 'retry') this.schedule();
    }, delayMs);
    this.timer.unref();
  }

  cancel(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
