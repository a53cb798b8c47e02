/** Refresh while something is live: one timer at a time, re-armed after each refresh completes. */

export const POLL_INTERVAL_MS = 3000;

export class LiveRefresh {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;

  /**
   * @param refresh reloads the view; resolves to whether it is still live (e.g. a run in view is RUNNING).
   * @param interval ms between the end of one refresh and the start of the next.
   */
  constructor(
    private readonly refresh: () => Promise<boolean>,
    readonly interval: number = POLL_INTERVAL_MS
  ) {}

  get scheduled(): boolean {
    return this.timer !== undefined;
  }

  /** Arm the timer when live, disarm it when not; calling it again while armed changes nothing. */
  update(live: boolean): void {
    if (this.disposed) {
      return;
    }
    if (!live) {
      this.cancel();
      return;
    }
    if (this.timer === undefined) {
      this.timer = setTimeout(() => void this.tick(), this.interval);
    }
  }

  cancel(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  dispose(): void {
    this.disposed = true;
    this.cancel();
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    let live = false;
    try {
      live = await this.refresh();
    } catch {
      live = false; // the refresh reported its own error; stop polling rather than repeat it every few seconds
    }
    this.update(live);
  }
}
