import cliProgress from 'cli-progress';

/** A progress bar on a terminal; plain periodic lines when output is a file or CI log. */
export function progressBar(label: string) {
  const interactive = Boolean(process.stderr.isTTY);
  const bar = new cliProgress.SingleBar(
    { format: `${label.padEnd(28)} [{bar}] {percentage}% | {value}/{total} | {eta_formatted} left`, stream: process.stderr, noTTYOutput: false },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let lastLogged = -1;
  return {
    update(done: number, total: number) {
      if (interactive) {
        if (!started) {
          bar.start(total, 0);
          started = true;
        }
        bar.setTotal(total);
        bar.update(done);
        return;
      }
      const tenth = total ? Math.floor((done / total) * 10) : 10;
      if (tenth !== lastLogged) {
        lastLogged = tenth;
        process.stderr.write(`${label}: ${done}/${total}\n`);
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
