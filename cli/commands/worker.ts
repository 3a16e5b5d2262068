import { Option, type Command } from 'commander';
import { loadModel } from '../load-model.ts';
import { positiveInt, SPEC_HELP } from '../options.ts';
import { listenForInterrupts } from '../interrupt.ts';
import { serveCluster } from '../../checker/cluster/serve.ts';

interface WorkerFlags {
  cluster: string;
  spec?: string;
  quiet?: boolean;
  pauseBeforeOutput?: number;
}

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('work on the search that `check --cluster` coordinates on a Redis Cluster, then exit when it is over')
    .requiredOption('--cluster <url>', 'the cluster, redis://[:password@]host:port[,host:port...] (password also from REDISCLI_AUTH)')
    .option('--spec <file>', `${SPEC_HELP}; it must be the module the search was started with (same content)`)
    .option('--quiet', 'print nothing but errors')
    // For fault tests: a worker slower than its lease, whose chunks are redone by others.
    .addOption(new Option('--pause-before-output <ms>', 'wait this long between claiming a chunk\'s new states and writing them').argParser(positiveInt).hideHelp())
    .action(async (flags: WorkerFlags) => {
      const { model, module } = await loadModel(flags.spec);
      const interruption = listenForInterrupts();
      const say = flags.quiet ? undefined : (line: string) => console.log(line);
      try {
        const sid = await serveCluster({
          url: flags.cluster, model, module, signal: interruption.signal,
          ...(say ? { say } : {}),
          ...(flags.pauseBeforeOutput !== undefined ? { pauseBeforeOutputMs: flags.pauseBeforeOutput } : {}),
        });
        if (interruption.received !== undefined) process.exitCode = interruption.exitCode;
        else if (sid !== undefined) say?.(`Search ${sid} is over`);
      } finally {
        interruption.dispose();
      }
    });
}
