// A long action (a coverage analysis, a replay impact report, a sweep of searches) shows how far it
// has got and can be stopped: `useLongAction` runs the work with an abort signal and a step counter,
// `<LongActionProgress>` shows "37 of 120 searches run · 12 s" (or the time so far, for one long
// request) with a Cancel button. Leaving the page stops it too.
import { useCallback, useEffect, useRef, useState } from 'react';
import { Button } from './nhs';

export interface LongAction {
  running: boolean;
  /** steps done and in all, when the work reports them */
  done: number | null;
  total: number | null;
  /** whole seconds since it started */
  seconds: number;
  /** the last run was stopped by Cancel */
  cancelled: boolean;
  /** Runs `work`; resolves with its result, or undefined if it was cancelled. Errors other than the cancel are thrown. */
  run<T>(work: (signal: AbortSignal, step: (done: number, total: number) => void) => Promise<T>): Promise<T | undefined>;
  cancel(): void;
}

const isAbort = (e: unknown) => (e as Error)?.name === 'AbortError';

export function useLongAction(): LongAction {
  const [running, setRunning] = useState(false);
  const [steps, setSteps] = useState<{ done: number; total: number } | null>(null);
  const [seconds, setSeconds] = useState(0);
  const [cancelled, setCancelled] = useState(false);
  const controller = useRef<AbortController | null>(null);

  useEffect(() => {
    if (!running) return;
    const started = Date.now();
    setSeconds(0);
    const timer = window.setInterval(() => setSeconds(Math.floor((Date.now() - started) / 1000)), 1000);
    return () => window.clearInterval(timer);
  }, [running]);
  // Leaving the page stops the work: nobody is waiting for it any more.
  useEffect(() => () => controller.current?.abort(), []);

  const run = useCallback(async <T,>(work: (signal: AbortSignal, step: (done: number, total: number) => void) => Promise<T>) => {
    controller.current?.abort();
    const mine = new AbortController();
    controller.current = mine;
    setCancelled(false);
    setSteps(null);
    setRunning(true);
    try {
      return await work(mine.signal, (done, total) => {
        if (!mine.signal.aborted) setSteps({ done, total });
      });
    } catch (e) {
      if (mine.signal.aborted && isAbort(e)) return undefined;
      throw e;
    } finally {
      if (controller.current === mine) setRunning(false);
    }
  }, []);

  const cancel = useCallback(() => {
    if (!controller.current || controller.current.signal.aborted) return;
    controller.current.abort();
    setCancelled(true);
    setRunning(false);
  }, []);

  return { running, done: steps?.done ?? null, total: steps?.total ?? null, seconds, cancelled, run, cancel };
}

/** "Analysing the week · 12 s" or "37 of 120 searches run · 12 s", a progress bar, and Cancel. */
export function LongActionProgress({ action, what, unit = 'done', testId }: { action: LongAction; what: string; unit?: string; testId?: string }) {
  if (!action.running) {
    return action.cancelled ? (
      <p className="nhsuk-body" role="status" data-testid={testId}>
        Stopped. {action.done !== null && action.total !== null ? `${action.done} of ${action.total} ${unit} before it was stopped.` : ''}
      </p>
    ) : null;
  }
  const counted = action.done !== null && action.total !== null;
  return (
    <div className="sp-progress" data-testid={testId}>
      <p className="nhsuk-body nhsuk-u-margin-bottom-2" role="status" aria-live="polite">
        {what}
        {counted ? `: ${action.done} of ${action.total} ${unit}` : '…'} · {action.seconds} s
      </p>
      {counted ? <progress max={action.total!} value={action.done!} aria-label={what} /> : <progress aria-label={what} />}
      <Button variant="secondary" small onClick={action.cancel}>
        Cancel
      </Button>
    </div>
  );
}
