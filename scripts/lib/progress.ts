/** Step-by-step progress: a spinner and timings on a terminal, plain lines in CI or a pipe. */
export interface Progress {
  start(step: string): void;
  done(detail?: string): void;
  warn(message: string): void;
  fail(message: string): void;
  info(message: string): void;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export function createProgress(out: NodeJS.WriteStream = process.stdout): Progress {
  const interactive = Boolean(out.isTTY) && !process.env.CI;
  let step = '';
  let started = 0;
  let timer: NodeJS.Timeout | undefined;
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
  const clear = () => {
    if (timer) clearInterval(timer);
    timer = undefined;
    if (interactive) out.write('\r\x1b[2K');
  };
  return {
    start(name) {
      step = name;
      started = Date.now();
      if (!interactive) {
        out.write(`… ${name}\n`);
        return;
      }
      let frame = 0;
      timer = setInterval(
        () => out.write(`\r\x1b[2K${FRAMES[frame++ % FRAMES.length]} ${name} ${elapsed()}`),
        100,
      );
    },
    done(detail) {
      clear();
      out.write(`✔ ${step}${detail ? `: ${detail}` : ''} (${elapsed()})\n`);
    },
    warn(message) {
      clear();
      out.write(`! ${step}: ${message}\n`);
    },
    fail(message) {
      clear();
      out.write(`✖ ${step} failed (${elapsed()})\n${message}\n`);
    },
    info(message) {
      out.write(`${message}\n`);
    },
  };
}
