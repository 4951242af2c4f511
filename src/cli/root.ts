// The `defradb` command tree (http-cli.md B.2) with the global flags of B.1.
import { Command, Option } from 'commander';
import { clientCommand } from './client.ts';
import { DEFAULT_URL } from './context.ts';
import { identityCommand, versionCommand } from './info-cmds.ts';
import { keyringCommand } from './keyring-cmd.ts';
import { startCommand } from './start.ts';
import type { StartHooks } from './start.ts';

export function rootCommand(hooks: StartHooks = {}): Command {
  const root = new Command('defradb')
    .description('DefraDB Edge Database (TypeScript)')
    .addHelpText('after', '\nStart a node with `defradb start`; talk to it with `defradb client …`.')
    .showSuggestionAfterError(true)
    .option('--rootdir <dir>', 'directory for persistent data and config (default $HOME/.defradb)')
    .option('--url <address>', 'URL of the HTTP API to listen on or connect to', DEFAULT_URL)
    .option('--log-level <level>', 'log level: debug, info, error, fatal (default info)')
    .option('--log-output <output>', 'log output: stderr or stdout (default stderr)')
    .option('--log-format <format>', 'log format: text or json (default text)')
    .option('--log-stacktrace', 'include stacktraces in error and fatal logs')
    .option('--log-source', 'include source location in logs')
    .option('--log-overrides <overrides>', 'per-logger overrides: <name>,<key>=<val>,…;…')
    .option('--no-log-color', 'disable colored log output')
    .option('--keyring-backend <backend>', 'keyring backend: file (system is not supported)')
    .option('--keyring-path <path>', 'keyring directory, relative to the root dir (default keys)')
    .option('--keyring-namespace <ns>', 'service name of the system keyring (default defradb)')
    .option('--no-keyring', 'disable the keyring and use ephemeral keys')
    .option('--secret-file <path>', 'dotenv file with DEFRA_KEYRING_SECRET', '.env')
    .addOption(new Option('--source-hub-address <address>', 'SourceHub address authorized by the client identity'));
  root.addCommand(startCommand(hooks));
  root.addCommand(clientCommand());
  root.addCommand(keyringCommand());
  root.addCommand(identityCommand());
  root.addCommand(versionCommand());
  return root;
}
