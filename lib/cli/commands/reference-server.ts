/** `dify-conformance reference-server`: the embedded reference server on its own, to try curl or another client against it. */
import { ConfigError } from '../../config/config-error.ts';
import { loadConfig } from '../../config/load-config.ts';
import { describeReferenceServer, referenceServerEnv } from '../../reference-server/describe.ts';
import { startReferenceServer } from '../../reference-server/index.ts';
import { USAGE_ERROR, type Command } from '../command.ts';

export const referenceServerCommand: Command = {
  name: 'reference-server',
  synopsis: 'reference-server [--reference-profile ideal|realistic] [--fault NAME[,NAME…]] [--env-file PATH]',
  summary: 'start the embedded reference server and print how to reach it, with DIFY_* lines ready for .env (PORT sets the port); Ctrl-C stops it',
  options: [{ flag: '--env-file', value: 'PATH', description: 'read DIFY_REFERENCE_FAULTS from this file instead of ./.env' }],
  takesArguments: false,
  settings: ['referenceFaults', 'referenceProfile'],
  exitStatuses: [
    [0, 'the server was stopped (Ctrl-C or SIGTERM)'],
    [2, `${USAGE_ERROR} (an unknown fault, a port in use)`],
  ],
  async execute(args) {
    const envFile = args.flags.get('--env-file');
    const faultFlags = new Map([...args.flags].filter(([flag]) => flag !== '--env-file'));
    const config = loadConfig({ flags: faultFlags, env: process.env, cwd: process.cwd(), ...(envFile === undefined ? {} : { envFile }) });
    for (const warning of config.warnings) process.stderr.write(`dify-conformance: warning: ${warning}\n`);
    let server;
    try {
      server = await startReferenceServer({ faults: config.referenceFaults, profile: config.referenceProfile, port: Number(process.env['PORT'] ?? 0) });
    } catch (error) {
      throw new ConfigError(error instanceof Error ? error.message : String(error));
    }
    process.stdout.write(`${describeReferenceServer(server)}\nSettings for a .env file:\n\n${referenceServerEnv(server)}\nPress Ctrl-C to stop.\n`);
    await new Promise<void>((resolveStop) => {
      process.once('SIGINT', resolveStop);
      process.once('SIGTERM', resolveStop);
    });
    await server.close();
    return 0;
  },
};
