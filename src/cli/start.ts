// `defradb start`: load config (flags > DEFRA_* env > <rootdir>/config.yaml > defaults), open the
// keyring, start the Node, and stop it gracefully on SIGINT/SIGTERM.
import { Command, Option } from 'commander';
import { resolve } from 'node:path';
import { createLogger, loadConfig, loadDefaultServices, loadDotenv, Node, settingsFrom } from '../node/index.ts';
import type { NodeServices } from '../node/index.ts';
import { givenOnCli, globalsOf, rootdirOf } from './context.ts';
import { CliError } from './output.ts';
import { collect, listArg } from './payload.ts';

/** option attribute → config key, for options that map straight to a config value. */
const FLAG_KEYS: Record<string, string> = {
  url: 'api.address',
  logLevel: 'log.level', logOutput: 'log.output', logFormat: 'log.format', logStacktrace: 'log.stacktrace',
  logSource: 'log.source', logOverrides: 'log.overrides',
  keyringBackend: 'keyring.backend', keyringPath: 'keyring.path', keyringNamespace: 'keyring.namespace',
  secretFile: 'secretfile', sourceHubAddress: 'acp.document.sourcehub.address',
  store: 'datastore.store', valuelogfilesize: 'datastore.badger.valuelogfilesize', maxTxnRetries: 'datastore.maxtxnretries',
  defaultKeyType: 'datastore.defaultkeytype',
  pubkeypath: 'api.pubkeypath', privkeypath: 'api.privkeypath', tls: 'api.tls',
  development: 'development', nodeAcpEnable: 'acp.node.enable', documentAcpType: 'acp.document.type',
};
/** `--no-x` options: attribute → config key that becomes true when the flag is given. */
const NEGATED_KEYS: Record<string, string> = {
  keyring: 'keyring.disabled', logColor: 'log.colordisabled', encryption: 'datastore.noencryption',
  signing: 'datastore.nosigning', p2p: 'net.p2pdisabled', telemetry: 'telemetry.disabled',
};
/** Repeatable and comma separated list options. */
const LIST_KEYS: Record<string, string> = {
  p2paddr: 'net.p2paddresses', peers: 'net.peers', allowedOrigins: 'api.allowed-origins',
  replicatorRetryIntervals: 'replicator.retryintervals',
};

/** The config values given as flags on this command line. */
export function flagValues(cmd: Command): Record<string, unknown> {
  const o = globalsOf(cmd);
  const flags: Record<string, unknown> = {};
  for (const [attr, key] of Object.entries(FLAG_KEYS)) if (givenOnCli(cmd, attr)) flags[key] = o[attr];
  for (const [attr, key] of Object.entries(NEGATED_KEYS)) if (givenOnCli(cmd, attr)) flags[key] = o[attr] === false;
  for (const [attr, key] of Object.entries(LIST_KEYS)) {
    if (!givenOnCli(cmd, attr)) continue;
    const items = listArg(o[attr] as string[]);
    flags[key] = attr === 'replicatorRetryIntervals' ? items.map(Number) : items;
  }
  return flags;
}

export interface StartHooks {
  services?: NodeServices;
  /** Called once the node is serving (tests). */
  onReady?: (node: Node) => void;
}

export function startCommand(hooks: StartHooks = {}): Command {
  return new Command('start')
    .description('Start a DefraDB node')
    .addOption(new Option('--store <store>', 'datastore: lmdb (on disk, default) or memory; badger = lmdb'))
    .addOption(new Option('--valuelogfilesize <bytes>', 'badger value log size (accepted, unused)').hideHelp())
    .option('--max-txn-retries <n>', 'retries on transaction conflicts (default 5)')
    .option('--no-encryption', 'do not create or use the at-rest encryption key')
    .option('--no-signing', 'do not sign commits')
    .option('--default-key-type <type>', 'key type of a new node identity: secp256k1 or ed25519')
    .option('--p2paddr <addrs>', 'P2P listen multiaddrs (comma separated, repeatable; default /ip4/127.0.0.1/tcp/9171)', collect)
    .option('--peers <addrs>', 'bootstrap peer multiaddrs with /p2p/<peerID> (comma separated, repeatable)', collect)
    .option('--no-p2p', 'disable the P2P network')
    .option('--replicator-retry-intervals <seconds>', 'replicator retry intervals (default 30,60,120,240,480,960,1920)', collect)
    .option('--allowed-origins <origins>', 'CORS allowed origins (comma separated, repeatable; * = any)', collect)
    .option('--pubkeypath <path>', 'TLS certificate (PEM); relative paths resolve against the root dir')
    .option('--privkeypath <path>', 'TLS private key (PEM)')
    .option('--tls', 'serve HTTPS; without key paths uses <rootdir>/certs/server.crt and server.key')
    .option('--development', 'development mode: enables purge and an ephemeral identity without keyring')
    .option('--no-telemetry', 'disable telemetry (no effect)')
    .option('-i, --identity <hex>', 'identity of the starting user (node ACP owner)')
    .option('--node-acp-enable', 'enable node access control')
    .option('--document-acp-type <type>', 'document ACP: none, local or source-hub')
    .addOption(new Option('--tcpaddr <addr>', 'removed in DefraDB (gRPC address); ignored').hideHelp())
    .addOption(new Option('--email <email>', 'removed in DefraDB (automatic HTTPS); rejected').hideHelp())
    .addHelpText('after', `
Examples:
  defradb start
  defradb start --rootdir ~/.defradb-nodeB --url localhost:9182 --p2paddr /ip4/127.0.0.1/tcp/9172
  defradb start --store memory --no-p2p --no-keyring
  defradb start --tls --pubkeypath ~/cert.pem --privkeypath ~/key.pem`)
    .action(async (_o: unknown, cmd: Command) => {
      const g = globalsOf(cmd);
      if (g.email) throw new CliError('automatic HTTPS (--email) is not supported; use --pubkeypath/--privkeypath');
      const rootdir = rootdirOf(g);
      // godotenv: the secret file (default .env in the working dir) may set DEFRA_KEYRING_SECRET.
      loadDotenv(resolve(String(g.secretFile ?? '.env')));
      const cfg = loadConfig({ rootdir, flags: flagValues(cmd), writeIfMissing: true });
      const settings = settingsFrom(rootdir, cfg.values);
      const logger = createLogger({ level: settings.log.level, format: settings.log.format, output: settings.log.output });
      if (cfg.created) logger.info('Created config file', { path: cfg.file });
      if (g.tcpaddr) logger.info('--tcpaddr is no longer used and was ignored');
      if (settings.development) logger.info('Running in development mode: do not use it in production (purge is enabled)');

      const node = new Node(settings, { services: hooks.services ?? await loadDefaultServices(), logger: logger.child('node') });
      await node.start();
      await new Promise<void>((done) => {
        let stopping = false;
        const stop = (signal: string) => {
          if (stopping) { logger.info('Forced exit'); process.exit(1); }
          stopping = true;
          logger.info('Received signal, stopping the node', { signal });
          node.stop().then(done, (e) => { logger.error('stop failed', { error: e }); done(); });
        };
        process.on('SIGINT', () => stop('SIGINT'));
        process.on('SIGTERM', () => stop('SIGTERM'));
        hooks.onReady?.(node);
      });
      logger.info('Node stopped');
    });
}
