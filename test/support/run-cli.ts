// Runs the real `dropcheck` executable, as a user would, and captures what it printed.
import { execFile, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const cliPath = fileURLToPath(new URL('../../bin/dropcheck.js', import.meta.url));

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const env = { ...process.env, FORCE_COLOR: '0' };

export function runCli(args: readonly string[], cwd: string = repoRoot): CliRun {
  const r = spawnSync(process.execPath, [cliPath, ...args], { cwd, encoding: 'utf8', env, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** One run of the CLI: its arguments, and where and for how long at most it runs. */
export interface Invocation {
  readonly args: readonly string[];
  readonly cwd?: string;
  /** Killed after this long (its status is then null). */
  readonly timeoutMs?: number;
}

export function runCliAsync(args: readonly string[], cwd: string = repoRoot, timeoutMs = 120_000): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cliPath, ...args], { cwd, env, maxBuffer: 16 * 1024 * 1024, timeout: timeoutMs }, (err, stdout, stderr) => {
      const status = err === null ? 0 : typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : null;
      resolve({ status, stdout, stderr });
    });
  });
}

/** Runs several invocations (argument lists, or arguments with a directory and a time limit), two at a time (the machine has two cores). */
export async function runAll(invocations: readonly (readonly string[] | Invocation)[]): Promise<CliRun[]> {
  const results: CliRun[] = new Array(invocations.length);
  let next = 0;
  const worker = async () => {
    while (next < invocations.length) {
      const i = next++;
      const inv = invocations[i]!;
      results[i] = 'args' in inv ? await runCliAsync(inv.args, inv.cwd, inv.timeoutMs) : await runCliAsync(inv);
    }
  };
  await Promise.all([worker(), worker()]);
  return results;
}
