// @vitest-environment happy-dom
// A long action shows how far it has got and can be cancelled (issue 16, item 6).
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { LongActionProgress, useLongAction, type LongAction } from './progress';

afterEach(cleanup);

function Harness({ onAction }: { onAction: (a: LongAction) => void }) {
  const action = useLongAction();
  onAction(action);
  return <LongActionProgress action={action} what="Running the searches" unit="searches run" />;
}

describe('a long action', () => {
  it('counts its steps, and Cancel aborts the work and says it stopped', async () => {
    let action!: LongAction;
    render(<Harness onAction={(a) => (action = a)} />);
    let seen: AbortSignal | null = null;
    let result: Promise<string | undefined>;
    let step!: (done: number, total: number) => void;
    act(() => {
      result = action.run(
        (signal, s) =>
          new Promise<string>((_, reject) => {
            seen = signal;
            step = s;
            signal.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })));
          }),
      );
    });
    act(() => step(3, 10));
    expect(screen.getByRole('status').textContent).toMatch(/^Running the searches: 3 of 10 searches run · \d+ s$/);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(seen!.aborted).toBe(true);
    await act(async () => {
      expect(await result).toBeUndefined();
    });
    expect(screen.getByRole('status').textContent).toBe('Stopped. 3 of 10 searches run before it was stopped.');
    expect(screen.queryByRole('button', { name: 'Cancel' })).toBeNull();
  });

  it('passes on a real failure, and shows nothing once finished', async () => {
    let action!: LongAction;
    render(<Harness onAction={(a) => (action = a)} />);
    await act(async () => {
      await expect(action.run(async () => Promise.reject(new Error('server down')))).rejects.toThrow('server down');
    });
    await act(async () => {
      expect(await action.run(async () => 'done')).toBe('done');
    });
    expect(screen.queryByRole('status')).toBeNull();
  });
});
