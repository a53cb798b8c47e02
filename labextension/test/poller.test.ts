import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { LiveRefresh } from '../src/model/poller';

describe('LiveRefresh', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('refreshes every interval while live and stops when the refresh says it is over', async () => {
    let remaining = 3;
    const refresh = vi.fn(async () => --remaining > 0);
    const live = new LiveRefresh(refresh, 1000);
    live.update(true);
    await vi.advanceTimersByTimeAsync(999);
    expect(refresh).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(refresh).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(5000);
    expect(refresh).toHaveBeenCalledTimes(3);
    expect(live.scheduled).toBe(false);
  });

  it('arms one timer however often it is told to', async () => {
    const refresh = vi.fn(async () => false);
    const live = new LiveRefresh(refresh, 1000);
    live.update(true);
    live.update(true);
    live.update(true);
    await vi.advanceTimersByTimeAsync(1000);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('disarms when not live and never fires after dispose', async () => {
    const refresh = vi.fn(async () => true);
    const live = new LiveRefresh(refresh, 1000);
    live.update(true);
    live.update(false);
    await vi.advanceTimersByTimeAsync(3000);
    expect(refresh).not.toHaveBeenCalled();
    live.update(true);
    live.dispose();
    live.update(true);
    await vi.advanceTimersByTimeAsync(3000);
    expect(refresh).not.toHaveBeenCalled();
  });

  it('stops polling when a refresh throws', async () => {
    const refresh = vi.fn(async () => {
      throw new Error('down');
    });
    const live = new LiveRefresh(refresh, 1000);
    live.update(true);
    await vi.advanceTimersByTimeAsync(5000);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(live.scheduled).toBe(false);
  });
});
